/* fuzz_rules.c - libFuzzer harness for the publicity rules parser (xy_publicity_rules_parse,
 * rules/publicity.ini). Input: the text of a rules file.
 * What must hold for any input: no crash, no leak; a refusal says why and names a line it has;
 * an accepted file gives periods that make sense for every kind of penalty on every day: public
 * from the decision, repairable no later than the day after its last public day, archived only
 * after it, and the earliest-decision bound of a query never hides a public record. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/publicity.h"
#include "domain/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const types[] = {
    NULL, "", "警告", "罚款", "吊销许可证件", "警告;责令关闭", "其他; 罚款 ;"};
static const char *const bases[] = {NULL, "", "《中华人民共和国安全生产法》第九十九条",
                                    "违反安全生产法律法规", "消防法"};
static const char *const decided[] = {"1990-01-31", "2019-06-30", "2020-12-31", "2021-01-01",
                                      "2024-02-29", "2026-03-31", "2026-04-01", "2030-01-31"};

static void check_one(const struct xy_publicity_rules *r, const struct xy_item *it,
                      const struct xy_publicity_in *in)
{
    struct xy_publicity p;
    struct xy_err err;
    int d;

    xy_parse_date(in->decision_date, &d);
    if (xy_publicity_eval(r, it, in, d, &p, &err) != XY_OK)
        abort(); /* valid dates and a known rule */
    if (p.from != d || p.until < d || !p.regime)
        abort();
    if (!strcmp(it->publicity, "penalty") &&
        (p.repairable_from < d || p.repairable_from > p.until + 1))
        abort();
    if (it->negative && p.archived_from <= p.until)
        abort();
    if (!p.visible || p.archived)
        abort(); /* every record is public on its decision day */
    /* the query bound: a record public on its last day is not skipped */
    if (xy_publicity_earliest(r, it, p.until) > d)
        abort();
    if (xy_publicity_eval(r, it, in, p.until + 1, &p, &err) != XY_OK || p.visible)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xy_publicity_rules *r = NULL;
    struct xy_err err;
    char *text = malloc(size ? size : 1); /* exactly size bytes: ASan sees any over-read */

    if (size)
        memcpy(text, data, size);
    xy_err_clear(&err);
    if (xy_publicity_rules_parse(text, size, "fuzz.ini", &r, &err) == XY_OK) {
        struct xy_item it = {.id = "xzcf", .publicity = "penalty", .negative = 1};
        struct xy_publicity_in in = {0};

        if (!r)
            abort();
        for (size_t a = 0; a < sizeof(decided) / sizeof(decided[0]); a++)
            for (size_t b = 0; b < sizeof(types) / sizeof(types[0]); b++)
                for (size_t c = 0; c < sizeof(bases) / sizeof(bases[0]); c++) {
                    in.decision_date = decided[a];
                    in.penalty_types = types[b];
                    in.penalty_basis = bases[c];
                    check_one(r, &it, &in);
                }
        in.penalty_types = in.penalty_basis = NULL;
        it.publicity = "court_defaulter";
        in.decision_date = "2022-05-31";
        check_one(r, &it, &in);
    } else if (!err.msg[0] || r) {
        abort(); /* a refusal says why and hands nothing back */
    } else if (err.line < 0 || (long)size + 1 < err.line) {
        abort(); /* the line named is in the file */
    }
    xy_publicity_rules_free(r);
    free(text);
    return 0;
}
