/* chart_svg.c: the backtest chart, a standalone SVG file: portfolio value over time on top,
 * each holding's value below (stacked areas, so their top edge is the total again). Long
 * series are reduced to at most MAX_COLUMNS columns (each column shows its last row), which
 * keeps the file small for a year of minute bars. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "backtest/backtest.h"
#include "util/fsutil.h"

#define W 960
#define H_TOP 300
#define H_BOTTOM 260
#define PAD_L 80
#define PAD_R 150
#define PAD_T 40
#define GAP 50
#define MAX_COLUMNS 1200

static const char *const COLORS[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                                     "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

struct frame {
    double x0, y0, w, h; /* plot area */
    double vmin, vmax;
    int64_t t0, t1;
};

static double fx(const struct frame *f, int64_t t)
{
    return f->x0 + (f->t1 > f->t0 ? (double)(t - f->t0) / (double)(f->t1 - f->t0) : 0) * f->w;
}

static double fy(const struct frame *f, double v)
{
    return f->y0 + f->h - (f->vmax > f->vmin ? (v - f->vmin) / (f->vmax - f->vmin) : 0.5) * f->h;
}

static void axes(FILE *o, const struct frame *f, const char *label)
{
    fprintf(o, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='none' stroke='#999'/>\n", f->x0, f->y0,
            f->w, f->h);
    for (int i = 0; i <= 4; i++) {
        double v = f->vmin + (f->vmax - f->vmin) * i / 4.0, y = fy(f, v);
        fprintf(o, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#eee'/>\n", f->x0, y, f->x0 + f->w, y);
        fprintf(o, "<text x='%.1f' y='%.1f' font-size='11' text-anchor='end'>%.2f</text>\n", f->x0 - 6, y + 4, v);
    }
    for (int i = 0; i <= 4; i++) {
        int64_t t = f->t0 + (f->t1 - f->t0) * i / 4;
        char ts[40];
        prices_time_format(t - t % 60000, ts, sizeof ts);
        ts[16] = '\0'; /* YYYY-MM-DDTHH:MM */
        ts[10] = ' ';
        fprintf(o, "<text x='%.1f' y='%.1f' font-size='11' text-anchor='middle'>%s</text>\n", fx(f, t),
                f->y0 + f->h + 16, ts);
    }
    fprintf(o, "<text x='%.1f' y='%.1f' font-size='13' font-weight='bold'>%s</text>\n", f->x0, f->y0 - 8, label);
}

/* The title comes from the configuration: XML-escape it. */
static void escape(FILE *o, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", o);
        else if (*s == '>')
            fputs("&gt;", o);
        else if (*s == '&')
            fputs("&amp;", o);
        else if (*s == '\'')
            fputs("&apos;", o);
        else
            fputc(*s, o);
    }
}

/* The rows shown: every row, or the last row of each of MAX_COLUMNS equal slices. */
static size_t columns(const struct backtest_report *r, size_t *idx)
{
    size_t n = r->n_points;
    if (n <= MAX_COLUMNS) {
        for (size_t i = 0; i < n; i++)
            idx[i] = i;
        return n;
    }
    for (size_t c = 0; c < MAX_COLUMNS; c++)
        idx[c] = (c + 1) * n / MAX_COLUMNS - 1;
    return MAX_COLUMNS;
}

int backtest_chart_svg(const struct backtest_report *r, const char *title, const char *path, st_err *err)
{
    if (r->n_points == 0)
        return st_err_set(err, "%s: nothing to chart", path);
    size_t idx[MAX_COLUMNS];
    size_t nc = columns(r, idx);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *o = fopen(tmp, "w");
    if (o == NULL)
        return st_err_set(err, "%s: cannot write: %s", tmp, strerror(errno));
    int H = PAD_T + H_TOP + GAP + H_BOTTOM + 40;
    fprintf(o, "<?xml version='1.0' encoding='UTF-8'?>\n<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
               "font-family='sans-serif'>\n<rect width='100%%' height='100%%' fill='white'/>\n",
            W, H);
    fprintf(o, "<title>");
    escape(o, title);
    fprintf(o, "</title>\n");

    struct frame top = {PAD_L, PAD_T, W - PAD_L - PAD_R, H_TOP, INFINITY, -INFINITY, r->points[0].t_ms,
                        r->points[r->n_points - 1].t_ms};
    for (size_t c = 0; c < nc; c++) {
        double v = r->points[idx[c]].value;
        top.vmin = fmin(top.vmin, v);
        top.vmax = fmax(top.vmax, v);
    }
    double span = top.vmax - top.vmin;
    top.vmin -= span * 0.05 + 1e-9;
    top.vmax += span * 0.05 + 1e-9;
    char label[160];
    snprintf(label, sizeof label, "Portfolio value (%s): return %.2f%%, buy and hold %.2f%%, max drawdown %.2f%%",
             r->quote, r->return_pct, r->hold_return_pct, r->max_drawdown_pct);
    axes(o, &top, label);
    fprintf(o, "<polyline fill='none' stroke='#222' stroke-width='1.5' points='");
    for (size_t c = 0; c < nc; c++)
        fprintf(o, "%.1f,%.1f ", fx(&top, r->points[idx[c]].t_ms), fy(&top, r->points[idx[c]].value));
    fprintf(o, "'/>\n");

    struct frame bot = {PAD_L, PAD_T + H_TOP + GAP, W - PAD_L - PAD_R, H_BOTTOM, 0, 0, top.t0, top.t1};
    for (size_t c = 0; c < nc; c++) {
        double sum = 0;
        for (size_t a = 0; a < r->n_assets; a++)
            sum += r->asset_values[idx[c] * r->n_assets + a];
        bot.vmax = fmax(bot.vmax, sum);
    }
    bot.vmax = bot.vmax * 1.05 + 1e-9;
    snprintf(label, sizeof label, "Holdings by value (%s), stacked", r->quote);
    axes(o, &bot, label);
    /* Stacked areas: asset a fills between the sum of assets < a and the sum of assets <= a. */
    for (size_t a = 0; a < r->n_assets; a++) {
        fprintf(o, "<polygon fill='%s' fill-opacity='0.75' stroke='none' points='", COLORS[a % 10]);
        for (size_t c = 0; c < nc; c++) {
            double s = 0;
            for (size_t k = 0; k <= a; k++)
                s += r->asset_values[idx[c] * r->n_assets + k];
            fprintf(o, "%.1f,%.1f ", fx(&bot, r->points[idx[c]].t_ms), fy(&bot, s));
        }
        for (size_t c = nc; c-- > 0;) {
            double s = 0;
            for (size_t k = 0; k < a; k++)
                s += r->asset_values[idx[c] * r->n_assets + k];
            fprintf(o, "%.1f,%.1f ", fx(&bot, r->points[idx[c]].t_ms), fy(&bot, s));
        }
        fprintf(o, "'/>\n");
        double ly = bot.y0 + 14 + 18.0 * (double)a;
        fprintf(o, "<rect x='%d' y='%.1f' width='12' height='12' fill='%s'/>", W - PAD_R + 12, ly - 10, COLORS[a % 10]);
        fprintf(o, "<text x='%d' y='%.1f' font-size='12'>%s</text>\n", W - PAD_R + 30, ly, r->asset_names[a]);
    }
    fprintf(o, "<text x='%d' y='%d' font-size='11' fill='#666'>steward backtest: %zu rows, %lld runs, %lld trades; "
               "paper chains, replayed prices</text>\n</svg>\n",
            PAD_L, H - 10, r->rows, r->runs, r->trades);
    int bad = ferror(o);
    if (fclose(o) != 0 || bad) {
        remove(tmp);
        return st_err_set(err, "%s: write error", tmp);
    }
    if (rename(tmp, path) != 0) {
        remove(tmp);
        return st_err_set(err, "%s: cannot rename into place: %s", path, strerror(errno));
    }
    return 0;
}
