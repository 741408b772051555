/* migrations.h - versioned schema of the SQLite backend (layer: store) */
#ifndef XY_STORE_SQLITE_MIGRATIONS_H
#define XY_STORE_SQLITE_MIGRATIONS_H

struct xy_migration {
    int version;
    const char *summary;
    const char *sql;
};

/* Ordered by version; a database at PRAGMA user_version = v runs every migration above v. */
extern const struct xy_migration xy_sqlite_migrations[];
extern const int xy_sqlite_nmigrations;

#endif
