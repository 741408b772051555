/* fuzz_calendar.c - libFuzzer harness for the working-day calendar file parser
 * (xy_calendar_add, calendar/<year>.txt). Input: the text of one year's file.
 * What must hold for any input: no crash, no leak; an accepted file gives a year whose every
 * day answers and whose working days can be counted across it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xy_calendar cal;
    struct xy_err err;
    char *text = malloc(size ? size : 1); /* exactly size bytes: ASan sees any over-read */

    if (size)
        memcpy(text, data, size);
    xy_calendar_init(&cal);
    xy_err_clear(&err);
    if (xy_calendar_add(&cal, "fuzz.txt", text, size, &err) == XY_OK) {
        int year = 0, first, w, out;

        for (int y = XY_CALENDAR_FIRST_YEAR; y < XY_CALENDAR_FIRST_YEAR + XY_CALENDAR_YEARS; y++)
            if (xy_calendar_has_year(&cal, y))
                year = y;
        if (!year)
            abort(); /* accepted, but no year known */
        first = xy_days_from_civil(year, 1, 1);
        for (int d = first; d < xy_days_from_civil(year + 1, 1, 1); d++)
            if (xy_calendar_is_workday(&cal, d, &w, &err) != XY_OK || (w != 0 && w != 1))
                abort();
        /* counting never leaves the year's file without saying so */
        if (xy_calendar_add_workdays(&cal, first, 3, &out, &err) == XY_OK && out <= first)
            abort();
        if (xy_calendar_workdays_between(&cal, first, first + 30, &out, &err) == XY_OK &&
            (out < 0 || out > 30))
            abort();
    } else if (!err.msg[0]) {
        abort(); /* a refusal says why */
    }
    xy_calendar_release(&cal);
    free(text);
    return 0;
}
