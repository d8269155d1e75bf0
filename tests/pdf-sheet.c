/*
 * pdf-sheet.c -- a driver for the PDF tests and the bench.
 *
 *	pdf-sheet render OUT.pdf TITLE < LINES
 *		draws the lines read from standard input, 60 to a page; a
 *		form feed at the start of a line starts a new page.
 *	pdf-sheet repeat OUT.pdf TITLE PAGES < LINES
 *		draws the first page of the lines PAGES times (the bench).
 *	pdf-sheet bars IMAGE.pgm
 *		for each grid line of a page rendered by pdftoppm -gray,
 *		prints "LINE X": X the pixel column (centre of ink) of the
 *		rightmost vertical stroke in that line, or nothing.
 *
 * The grid's place on the page is the one pdf.h states.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "util.h"

#define PAGE_W	595.276
#define PAGE_H	841.890
#define CELL_W	5.6
#define CELL_H	12.6

static int
usage(void)
{
	fputs("usage: pdf-sheet render OUT TITLE | repeat OUT TITLE PAGES | "
	    "bars IMAGE.pgm\n", stderr);
	return 2;
}

/* Reads standard input into pages of lines, NULL-terminated each. */
static char ***
read_pages(int *npages, int **counts)
{
	char ***pages = NULL, *line = NULL, *p;
	size_t cap = 0;
	ssize_t len;
	int n = 0;

	*counts = NULL;
	pages = xreallocarray(pages, 1, sizeof *pages);
	*counts = xreallocarray(*counts, 1, sizeof **counts);
	pages[0] = xcalloc(PDF_LINES + 1, sizeof *pages[0]);
	(*counts)[0] = 0;
	while ((len = getline(&line, &cap, stdin)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '\f' || (*counts)[n] == PDF_LINES) {
			n++;
			pages = xreallocarray(pages, n + 1, sizeof *pages);
			*counts = xreallocarray(*counts, n + 1,
			    sizeof **counts);
			pages[n] = xcalloc(PDF_LINES + 1, sizeof *pages[n]);
			(*counts)[n] = 0;
		}
		p = line[0] == '\f' ? line + 1 : line;
		if (line[0] != '\f' || *p != '\0')
			pages[n][(*counts)[n]++] = xstrdup(p);
	}
	free(line);
	*npages = n + 1;
	return pages;
}

static void
free_pages(char ***pages, int *counts, int npages)
{
	int i, j;

	for (i = 0; i < npages; i++) {
		for (j = 0; j < counts[i]; j++)
			free(pages[i][j]);
		free(pages[i]);
	}
	free(pages);
	free(counts);
}

static int
render(const char *path, const char *title, int repeat)
{
	struct pdf *pdf;
	char ***pages, *cause = NULL;
	int *counts, npages, i, j;
	FILE *f;

	pages = read_pages(&npages, &counts);
	if ((f = fopen(path, "wb")) == NULL) {
		perror(path);
		free_pages(pages, counts, npages);
		return 1;
	}
	if ((pdf = pdf_open(f, title, &cause)) == NULL)
		goto fail;
	for (i = 0; i < (repeat > 0 ? repeat : npages); i++) {
		j = repeat > 0 ? 0 : i;
		if (pdf_page(pdf, (const char *const *)pages[j], counts[j],
		    &cause) != 0) {
			pdf_close(pdf, NULL);
			goto fail;
		}
	}
	if (pdf_close(pdf, &cause) != 0)
		goto fail;
	fclose(f);
	free_pages(pages, counts, npages);
	return 0;
fail:
	fprintf(stderr, "pdf-sheet: %s\n", cause);
	free(cause);
	fclose(f);
	free_pages(pages, counts, npages);
	return 1;
}

static int
bars(const char *path)
{
	unsigned char *px;
	double scale, *ink, t, sum, wsum;
	int w, h, max, line, x, y, y0, y1, best, lo, hi;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return 1;
	}
	if (fscanf(f, "P5 %d %d %d", &w, &h, &max) != 3 || fgetc(f) == EOF ||
	    w <= 0 || h <= 0 || max != 255) {
		fprintf(stderr, "%s: not a grey PGM\n", path);
		return 1;
	}
	px = xmalloc((size_t)w * h);
	if (fread(px, 1, (size_t)w * h, f) != (size_t)w * h) {
		fprintf(stderr, "%s: short\n", path);
		return 1;
	}
	fclose(f);
	scale = w / PAGE_W;
	ink = xcalloc(w, sizeof *ink);
	/* A stroke: ink down at least 40% of the font's height. */
	t = 0.4 * 10.5 * scale;
	for (line = 0; line < PDF_LINES; line++) {
		y0 = ((PAGE_H - PDF_LINES * CELL_H) / 2 + line * CELL_H) * scale;
		y1 = y0 + CELL_H * scale;
		memset(ink, 0, w * sizeof *ink);
		for (y = y0; y < y1 && y < h; y++) {
			for (x = 0; x < w; x++)
				ink[x] += (255 - px[(size_t)y * w + x]) / 255.0;
		}
		for (best = w - 1; best >= 0 && ink[best] < t; best--)
			;
		if (best < 0)
			continue;
		for (lo = best; lo > 0 && ink[lo - 1] >= t / 4; lo--)
			;
		for (hi = best; hi < w - 1 && ink[hi + 1] >= t / 4; hi++)
			;
		sum = wsum = 0;
		for (x = lo; x <= hi; x++) {
			sum += ink[x];
			wsum += ink[x] * (x + 0.5);
		}
		printf("%d %.2f\n", line + 1, wsum / sum);
	}
	free(ink);
	free(px);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "render") == 0)
		return render(argv[2], argv[3], 0);
	if (argc == 5 && strcmp(argv[1], "repeat") == 0)
		return render(argv[2], argv[3], atoi(argv[4]));
	if (argc == 3 && strcmp(argv[1], "bars") == 0)
		return bars(argv[2]);
	return usage();
}
