/*
 * pdf.c -- A4 pages on the text sheets' grid, drawn with cairo.
 *
 * cairo's PDF surface does what a printed sheet needs and what is hard
 * to do by hand: it embeds only the glyphs used (a subset of the font:
 * tens of kilobytes once, then a few a page, not the whole 20 MB font)
 * together with a character map, so that the text can be searched and
 * read back.  The fonts come from fontconfig through cairo-ft; both
 * libraries are loaded only when a document is opened.
 *
 * Every character is placed by hand, never by the font's advances: the
 * glyph is centred in its one or two cells, so columns line up however
 * wide the font draws it.  A glyph wider than its cells (a proportional
 * Latin letter in a CJK font, a symbol the font draws full-width) is
 * narrowed to fit.  Two faces are used:
 *
 *	cjk	the first installed of a fixed list of CJK families (the
 *		monospaced Noto face first: its Latin half is half an em), or
 *		failing those any font covering Simplified Chinese, in file
 *		order.  It draws the two-cell characters.
 *	latin	the CJK face itself when its ASCII is half-width, else a
 *		monospaced Latin face from a fixed list, else the CJK face.
 *		It draws the one-cell characters.
 *
 * A character one face lacks is looked for in the other; one neither
 * has is drawn as U+FFFD, from a third, spare face when neither has
 * that either.  Glyph choices are kept in a small hash table,
 * since a sheet uses a few hundred characters many times over.
 *
 * When the last open document is closed, cairo's and fontconfig's caches
 * are emptied: the screens keep running after printing, and should not
 * keep the fonts' tables in memory meanwhile (leak checkers see nothing
 * left behind either).  Nothing else in the program uses them.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include "i18n.h"
#include "pdf.h"
#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
/*
 * cairo 1.16 loses an array while it writes a CFF font subset (Noto CJK)
 * into a PDF.  Built with the sanitizers, the program itself tells the
 * leak checker so: a setgid program does not read LSAN_OPTIONS.
 */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\n";
}
#endif

#define PAGE_W		595.276	/* A4, in points */
#define PAGE_H		841.890
#define CELL_W		5.6
#define CELL_H		12.6
#define FONT_SIZE	10.5
#define GRID_X		((PAGE_W - PDF_COLS * CELL_W) / 2)
#define GRID_Y		((PAGE_H - PDF_LINES * CELL_H) / 2)
/* From a line's top to its baseline: the em box centred in the line. */
#define BASELINE	((CELL_H - FONT_SIZE) / 2 + 0.88 * FONT_SIZE)

/*
 * The libraries are loaded when the first document is opened, not when
 * the program starts: every other command (a search, a list) would
 * otherwise pay for loading cairo, fontconfig, FreeType and the X11
 * libraries cairo is linked with, several times what the command itself
 * costs.  The names are fixed sonames, looked up by the dynamic loader
 * in the system's library directories only (a set-group-ID program
 * ignores LD_LIBRARY_PATH).  The headers still give each function's type.
 */
#define CAIRO_SONAME		"libcairo.so.2"
#define FONTCONFIG_SONAME	"libfontconfig.so.1"

#define CAIRO_FUNCS \
	S(cairo_create) \
	S(cairo_debug_reset_static_data) \
	S(cairo_destroy) \
	S(cairo_font_face_destroy) \
	S(cairo_font_face_reference) \
	S(cairo_font_options_create) \
	S(cairo_font_options_destroy) \
	S(cairo_font_options_set_hint_metrics) \
	S(cairo_font_options_set_hint_style) \
	S(cairo_ft_font_face_create_for_pattern) \
	S(cairo_glyph_free) \
	S(cairo_matrix_init_identity) \
	S(cairo_matrix_init_scale) \
	S(cairo_pdf_surface_create_for_stream) \
	S(cairo_pdf_surface_set_metadata) \
	S(cairo_restore) \
	S(cairo_save) \
	S(cairo_scale) \
	S(cairo_scaled_font_create) \
	S(cairo_scaled_font_destroy) \
	S(cairo_scaled_font_glyph_extents) \
	S(cairo_scaled_font_reference) \
	S(cairo_scaled_font_status) \
	S(cairo_scaled_font_text_to_glyphs) \
	S(cairo_set_scaled_font) \
	S(cairo_set_source_rgb) \
	S(cairo_show_page) \
	S(cairo_show_text_glyphs) \
	S(cairo_status) \
	S(cairo_status_to_string) \
	S(cairo_surface_destroy) \
	S(cairo_surface_finish) \
	S(cairo_surface_status) \
	S(cairo_translate)

#define FONTCONFIG_FUNCS \
	S(FcCharSetAddChar) \
	S(FcCharSetCreate) \
	S(FcCharSetDestroy) \
	S(FcCharSetHasChar) \
	S(FcConfigSubstitute) \
	S(FcDefaultSubstitute) \
	S(FcFini) \
	S(FcFontList) \
	S(FcFontMatch) \
	S(FcFontSetDestroy) \
	S(FcInit) \
	S(FcObjectSetBuild) \
	S(FcObjectSetDestroy) \
	S(FcPatternAddBool) \
	S(FcPatternAddCharSet) \
	S(FcPatternBuild) \
	S(FcPatternCreate) \
	S(FcPatternDestroy) \
	S(FcPatternDuplicate) \
	S(FcPatternGetBool) \
	S(FcPatternGetCharSet) \
	S(FcPatternGetInteger) \
	S(FcPatternGetString) \
	S(FcStrCmpIgnoreCase)

#define S(f) __typeof__(&f) f;
static struct {
	CAIRO_FUNCS
	FONTCONFIG_FUNCS
} lib;
#undef S

#define S(f) { #f, offsetof(__typeof__(lib), f) },
static const struct sym {
	const char	*name;
	size_t		 off;
} cairo_syms[] = {
	CAIRO_FUNCS
}, fontconfig_syms[] = {
	FONTCONFIG_FUNCS
};
#undef S

/* Resolves n symbols from the library soname into lib; -1 with *cause. */
static int
lib_resolve(const char *soname, const struct sym *v, size_t n, char **cause)
{
	void *h, *f;
	size_t i;

	if ((h = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((f = dlsym(h, v[i].name)) == NULL)
			goto fail;
		/* A data pointer's bytes, as POSIX guarantees dlsym's to be. */
		memcpy((char *)&lib + v[i].off, &f, sizeof f);
	}
	return 0;

fail:
	set_cause(cause, _("cannot load the PDF library (%s); install it: "
	    "apt-get install libcairo2"), dlerror());
	return -1;
}

/* Loads cairo and fontconfig once; -1 with *cause when they are missing. */
static int
lib_load(char **cause)
{
	static int loaded;

	if (loaded)
		return 0;
	if (lib_resolve(CAIRO_SONAME, cairo_syms,
	    sizeof cairo_syms / sizeof cairo_syms[0], cause) != 0 ||
	    lib_resolve(FONTCONFIG_SONAME, fontconfig_syms,
	    sizeof fontconfig_syms / sizeof fontconfig_syms[0], cause) != 0)
		return -1;
	loaded = 1;
	return 0;
}

static const char *const cjk_families[] = {
	"Noto Sans Mono CJK SC",
	"Noto Sans CJK SC",
	"WenQuanYi Zen Hei Mono",
	"WenQuanYi Micro Hei Mono",
	"WenQuanYi Zen Hei",
	"WenQuanYi Micro Hei",
	"AR PL UMing CN",
	"AR PL UKai CN",
	"Noto Serif CJK SC",
	"AR PL SungtiL GB",
	"AR PL KaitiM GB",
};

static const char *const latin_families[] = {
	"DejaVu Sans Mono",
	"Liberation Mono",
	"Noto Sans Mono",
	"FreeMono",
};

/* Characters a face must have to be taken for printing Chinese sheets. */
static const uint32_t cjk_probe[] = {
	0x59d3, 0x540d, 0x7535, 0x8bdd, 0x6bcd, 0x4eb2,	/* 姓名电话母亲 */
	0xff1a, 0xff0c, 0xff08, 0xff09, 0xff1b,	/* ：，（）； */
};

struct glyph {
	uint32_t	 cp;		/* 0: empty slot */
	int		 face;		/* 0 cjk, 1 latin, 2 spare */
	unsigned long	 index;
	double		 dx;		/* from the cells' left edge */
	double		 sx;		/* horizontal scale, 1 if it fits */
	double		 ink;		/* from the origin to the ink's middle */
	bool		 missing;	/* drawn as U+FFFD */
};

struct pdf {
	FILE			*out;
	int			 werrno;	/* first write error */
	cairo_surface_t		*surface;
	cairo_t			*cr;
	cairo_font_face_t	*face[3];	/* cjk, latin, spare */
	cairo_scaled_font_t	*font[3];
	bool			 spare_tried;
	struct glyph		*cache;
	size_t			 ncache;	/* power of two */
	size_t			 used;
	int			 pages;
};

static int open_docs;

/* Empties the libraries' caches once no document is open. */
static void
release_caches(void)
{
	if (open_docs > 0)
		return;
	lib.cairo_debug_reset_static_data();
	lib.FcFini();
}

static bool
has_family(FcPattern *p, const char *family)
{
	FcChar8 *s;
	int i;

	for (i = 0; lib.FcPatternGetString(p, FC_FAMILY, i, &s) == FcResultMatch;
	    i++) {
		if (lib.FcStrCmpIgnoreCase(s, (const FcChar8 *)family) == 0)
			return true;
	}
	return false;
}

static bool
covers(FcPattern *p, const uint32_t *cps, size_t n)
{
	FcCharSet *cs;
	size_t i;

	if (lib.FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) != FcResultMatch)
		return false;
	for (i = 0; i < n; i++) {
		if (!lib.FcCharSetHasChar(cs, cps[i]))
			return false;
	}
	return true;
}

/* The regular upright face of family, if installed and covering cps. */
static FcPattern *
find_family(const char *family, const uint32_t *cps, size_t n)
{
	FcPattern *pat, *match;
	FcResult res;

	pat = lib.FcPatternBuild(NULL, FC_FAMILY, FcTypeString, family,
	    FC_WEIGHT, FcTypeInteger, FC_WEIGHT_REGULAR,
	    FC_SLANT, FcTypeInteger, FC_SLANT_ROMAN, (char *)NULL);
	if (pat == NULL)
		return NULL;
	lib.FcConfigSubstitute(NULL, pat, FcMatchPattern);
	lib.FcDefaultSubstitute(pat);
	match = lib.FcFontMatch(NULL, pat, &res);
	lib.FcPatternDestroy(pat);
	if (match != NULL && (!has_family(match, family) ||
	    !covers(match, cps, n))) {
		lib.FcPatternDestroy(match);
		match = NULL;
	}
	return match;
}

static int
font_order(const void *a, const void *b)
{
	FcPattern *pa = *(FcPattern *const *)a, *pb = *(FcPattern *const *)b;
	FcChar8 *fa = (FcChar8 *)"", *fb = (FcChar8 *)"";
	int ia = 0, ib = 0, wa = 0, wb = 0, c;

	lib.FcPatternGetInteger(pa, FC_WEIGHT, 0, &wa);
	lib.FcPatternGetInteger(pb, FC_WEIGHT, 0, &wb);
	wa = abs(wa - FC_WEIGHT_REGULAR);
	wb = abs(wb - FC_WEIGHT_REGULAR);
	if (wa != wb)
		return wa < wb ? -1 : 1;
	lib.FcPatternGetString(pa, FC_FILE, 0, &fa);
	lib.FcPatternGetString(pb, FC_FILE, 0, &fb);
	if ((c = strcmp((const char *)fa, (const char *)fb)) != 0)
		return c;
	lib.FcPatternGetInteger(pa, FC_INDEX, 0, &ia);
	lib.FcPatternGetInteger(pb, FC_INDEX, 0, &ib);
	return ia < ib ? -1 : ia > ib;
}

/* Any upright font covering Simplified Chinese: the first in file order. */
static FcPattern *
find_any_cjk(void)
{
	FcPattern *pat, *found = NULL;
	FcObjectSet *os;
	FcFontSet *fs;
	FcPattern **v;
	int i, n = 0;

	pat = lib.FcPatternBuild(NULL, FC_LANG, FcTypeString, "zh-cn",
	    FC_SLANT, FcTypeInteger, FC_SLANT_ROMAN, (char *)NULL);
	os = lib.FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX, FC_WEIGHT,
	    FC_CHARSET, FC_OUTLINE, (char *)NULL);
	if (pat == NULL || os == NULL)
		goto out;
	fs = lib.FcFontList(NULL, pat, os);
	if (fs == NULL)
		goto out;
	v = xreallocarray(NULL, fs->nfont, sizeof *v);
	for (i = 0; i < fs->nfont; i++) {
		FcBool outline = FcFalse;

		lib.FcPatternGetBool(fs->fonts[i], FC_OUTLINE, 0, &outline);
		if (outline && covers(fs->fonts[i], cjk_probe,
		    nitems(cjk_probe)))
			v[n++] = fs->fonts[i];
	}
	if (n > 0) {
		qsort(v, n, sizeof *v, font_order);
		found = lib.FcPatternDuplicate(v[0]);
	}
	free(v);
	lib.FcFontSetDestroy(fs);
out:
	if (os != NULL)
		lib.FcObjectSetDestroy(os);
	if (pat != NULL)
		lib.FcPatternDestroy(pat);
	return found;
}

/* The first of the families installed and covering cps. */
static FcPattern *
find_first(const char *const *families, size_t n, const uint32_t *cps,
    size_t ncps)
{
	FcPattern *p;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((p = find_family(families[i], cps, ncps)) != NULL)
			return p;
	}
	return NULL;
}

static FcPattern *
find_cjk(void)
{
	FcPattern *p;

	p = find_first(cjk_families, nitems(cjk_families), cjk_probe,
	    nitems(cjk_probe));
	return p != NULL ? p : find_any_cjk();
}

/* The face at FONT_SIZE, its width scaled by sx. */
static cairo_scaled_font_t *
make_font(cairo_font_face_t *face, double sx)
{
	cairo_matrix_t size, ctm;
	cairo_font_options_t *fo;
	cairo_scaled_font_t *sf;

	lib.cairo_matrix_init_scale(&size, FONT_SIZE * sx, FONT_SIZE);
	lib.cairo_matrix_init_identity(&ctm);
	fo = lib.cairo_font_options_create();
	lib.cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	lib.cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	sf = lib.cairo_scaled_font_create(face, &size, &ctm, fo);
	lib.cairo_font_options_destroy(fo);
	return sf;
}

/* The glyph of cp in sf (0 when it has none) and its advance. */
static unsigned long
glyph_of(cairo_scaled_font_t *sf, uint32_t cp, double *advance)
{
	cairo_glyph_t *g = NULL;
	cairo_text_extents_t ext;
	unsigned long index;
	char enc[5];
	int n = 0;

	enc[u8_encode(cp, enc)] = '\0';
	if (lib.cairo_scaled_font_text_to_glyphs(sf, 0, 0, enc, -1, &g, &n,
	    NULL, NULL, NULL) != CAIRO_STATUS_SUCCESS || n != 1) {
		lib.cairo_glyph_free(g);
		return 0;
	}
	index = g[0].index;
	lib.cairo_glyph_free(g);
	if (index != 0) {
		lib.cairo_scaled_font_glyph_extents(sf, &(cairo_glyph_t){ index,
		    0, 0 }, 1, &ext);
		*advance = ext.x_advance;
	}
	return index;
}

/* True when every printable ASCII character is half as wide as 中. */
static bool
halfwidth_ascii(cairo_scaled_font_t *sf)
{
	double em = 0, adv = 0;
	int c;

	if (glyph_of(sf, 0x4e2d, &em) == 0 || em <= 0)
		return false;
	for (c = 0x21; c < 0x7f; c++) {
		if (glyph_of(sf, c, &adv) == 0 || adv < em * 0.49 ||
		    adv > em * 0.51)
			return false;
	}
	return true;
}

static FcPattern *
find_latin(void)
{
	static const uint32_t ascii[] = { 'A', 'g', '0', '|', '+', '-' };

	return find_first(latin_families, nitems(latin_families), ascii,
	    nitems(ascii));
}

/*
 * The next character of the n bytes at *s, moving on: U+FFFD for an
 * invalid byte, a control character or a noncharacter, a space for a tab.
 */
static uint32_t
next_char(const char **s, size_t *n)
{
	uint32_t cp;
	int k;

	if ((k = u8_decode(*s, *n, &cp)) < 0) {
		k = 1;
		cp = 0xfffd;
	} else if (cp == '\t')
		cp = ' ';
	else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		cp = 0xfffd;	/* cairo refuses noncharacters too */
	*s += k;
	*n -= k;
	return cp;
}

/* s as valid UTF-8 without control characters. */
static char *
text_clean(const char *s)
{
	struct buf b = { 0 };
	size_t n = strlen(s);
	char enc[4];

	while (n > 0)
		buf_add(&b, enc, u8_encode(next_char(&s, &n), enc));
	return buf_take(&b);
}

static cairo_status_t
write_out(void *arg, const unsigned char *data, unsigned int len)
{
	struct pdf *pdf = arg;

	if (pdf->werrno != 0)
		return CAIRO_STATUS_WRITE_ERROR;
	if (fwrite(data, 1, len, pdf->out) != len) {
		pdf->werrno = errno != 0 ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static void
pdf_free(struct pdf *pdf)
{
	int i;

	if (pdf->cr != NULL)
		lib.cairo_destroy(pdf->cr);
	if (pdf->surface != NULL)
		lib.cairo_surface_destroy(pdf->surface);
	for (i = 0; i < 3; i++) {
		if (pdf->font[i] != NULL)
			lib.cairo_scaled_font_destroy(pdf->font[i]);
		if (pdf->face[i] != NULL)
			lib.cairo_font_face_destroy(pdf->face[i]);
	}
	free(pdf->cache);
	free(pdf);
}

/* -1 with *cause after a write error or a failure of cairo's, else 0. */
static int
check_status(struct pdf *pdf, cairo_status_t st, char **cause)
{
	if (pdf->werrno != 0) {
		set_cause(cause, _("cannot write the PDF: %s"),
		    strerror(pdf->werrno));
		return -1;
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		set_cause(cause, _("cannot make the PDF: %s"),
		    lib.cairo_status_to_string(st));
		return -1;
	}
	return 0;
}

/*
 * Sets face i from pat.  A monospaced Latin face wider than a cell is
 * narrowed to fit it, once for all its glyphs.
 */
static int
set_face(struct pdf *pdf, int i, FcPattern *pat, char **cause)
{
	double adv = 0;

	pdf->face[i] = lib.cairo_ft_font_face_create_for_pattern(pat);
	pdf->font[i] = make_font(pdf->face[i], 1);
	if (i == 1 && glyph_of(pdf->font[i], 'M', &adv) != 0 && adv > CELL_W) {
		lib.cairo_scaled_font_destroy(pdf->font[i]);
		pdf->font[i] = make_font(pdf->face[i], CELL_W / adv);
	}
	return check_status(pdf, lib.cairo_scaled_font_status(pdf->font[i]), cause);
}

struct pdf *
pdf_open(FILE *out, const char *title, char **cause)
{
	struct pdf *pdf;
	FcPattern *cjk, *latin = NULL;
	char *clean;

	if (lib_load(cause) != 0)
		return NULL;
	if (!lib.FcInit() || (cjk = find_cjk()) == NULL) {
		set_cause(cause, _("no Chinese font is installed for printing; "
		    "install one, for example: apt-get install fonts-noto-cjk "
		    "(or fonts-wqy-zenhei, fonts-arphic-uming)"));
		release_caches();
		return NULL;
	}
	pdf = xcalloc(1, sizeof *pdf);
	pdf->out = out;
	if (set_face(pdf, 0, cjk, cause) != 0)
		goto fail;
	if (halfwidth_ascii(pdf->font[0]) || (latin = find_latin()) == NULL) {
		pdf->face[1] = lib.cairo_font_face_reference(pdf->face[0]);
		pdf->font[1] = lib.cairo_scaled_font_reference(pdf->font[0]);
	} else if (set_face(pdf, 1, latin, cause) != 0)
		goto fail;

	pdf->surface = lib.cairo_pdf_surface_create_for_stream(write_out, pdf,
	    PAGE_W, PAGE_H);
	if (title != NULL) {
		clean = text_clean(title);
		lib.cairo_pdf_surface_set_metadata(pdf->surface,
		    CAIRO_PDF_METADATA_TITLE, clean);
		free(clean);
	}
	lib.cairo_pdf_surface_set_metadata(pdf->surface,
	    CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME);
	pdf->cr = lib.cairo_create(pdf->surface);
	if (check_status(pdf, lib.cairo_status(pdf->cr), cause) != 0)
		goto fail;
	pdf->ncache = 1024;
	pdf->cache = xcalloc(pdf->ncache, sizeof *pdf->cache);
	lib.FcPatternDestroy(cjk);
	if (latin != NULL)
		lib.FcPatternDestroy(latin);
	open_docs++;
	return pdf;

fail:
	lib.FcPatternDestroy(cjk);
	if (latin != NULL)
		lib.FcPatternDestroy(latin);
	pdf_free(pdf);
	release_caches();
	return NULL;
}

static const struct glyph *lookup(struct pdf *, uint32_t, int);
static bool spare_face(struct pdf *);

static struct glyph *
cache_slot(struct glyph *v, size_t n, uint32_t cp)
{
	size_t i = (cp * 2654435761u) & (n - 1);

	while (v[i].cp != 0 && v[i].cp != cp)
		i = (i + 1) & (n - 1);
	return &v[i];
}

/* Which face draws cp over cells cells, where and how narrowed. */
static struct glyph
choose(struct pdf *pdf, uint32_t cp, int cells)
{
	struct glyph g = { cp, cells == 2 ? 0 : 1, 0, 0, 1, 0, false };
	double adv = 0, room = cells * CELL_W;
	cairo_text_extents_t ext;

	if ((g.index = glyph_of(pdf->font[g.face], cp, &adv)) == 0) {
		g.face = !g.face;
		g.index = glyph_of(pdf->font[g.face], cp, &adv);
	}
	if (g.index == 0 && cp == 0xfffd && spare_face(pdf)) {
		g.face = 2;
		g.index = glyph_of(pdf->font[2], cp, &adv);
	}
	if (g.face == 1 && pdf->font[1] == pdf->font[0])
		g.face = 0;
	if (g.index == 0 && cp != 0xfffd) {
		g = *lookup(pdf, 0xfffd, 1);
		g.cp = cp;
		g.dx += (cells - 1) * CELL_W / 2;
		g.missing = true;
		return g;
	}
	if (adv > room)
		g.sx = room / adv;
	else if (adv > 0)
		g.dx = (room - adv) / 2;
	if (g.index != 0) {
		lib.cairo_scaled_font_glyph_extents(pdf->font[g.face],
		    &(cairo_glyph_t){ g.index, 0, 0 }, 1, &ext);
		g.ink = (ext.x_bearing + ext.width / 2) * g.sx;
	}
	return g;
}

/*
 * The spare face: any font with U+FFFD, for when neither face has it (the
 * monospaced CJK faces do not).  Looked for once, when first needed.
 */
static bool
spare_face(struct pdf *pdf)
{
	static const uint32_t fffd[] = { 0xfffd };
	FcPattern *pat, *match = NULL;
	FcCharSet *cs;
	FcResult res;

	if (pdf->spare_tried)
		return pdf->font[2] != NULL;
	pdf->spare_tried = true;
	pat = lib.FcPatternCreate();
	cs = lib.FcCharSetCreate();
	if (pat != NULL && cs != NULL && lib.FcCharSetAddChar(cs, 0xfffd) &&
	    lib.FcPatternAddCharSet(pat, FC_CHARSET, cs) &&
	    lib.FcPatternAddBool(pat, FC_OUTLINE, FcTrue)) {
		lib.FcConfigSubstitute(NULL, pat, FcMatchPattern);
		lib.FcDefaultSubstitute(pat);
		match = lib.FcFontMatch(NULL, pat, &res);
	}
	if (match != NULL && covers(match, fffd, 1)) {
		pdf->face[2] = lib.cairo_ft_font_face_create_for_pattern(match);
		pdf->font[2] = make_font(pdf->face[2], 1);
		if (lib.cairo_scaled_font_status(pdf->font[2]) !=
		    CAIRO_STATUS_SUCCESS) {
			lib.cairo_scaled_font_destroy(pdf->font[2]);
			pdf->font[2] = NULL;
		}
	}
	if (match != NULL)
		lib.FcPatternDestroy(match);
	if (cs != NULL)
		lib.FcCharSetDestroy(cs);
	if (pat != NULL)
		lib.FcPatternDestroy(pat);
	return pdf->font[2] != NULL;
}

static const struct glyph *
lookup(struct pdf *pdf, uint32_t cp, int cells)
{
	struct glyph *g, *old, found;
	size_t i, n;

	g = cache_slot(pdf->cache, pdf->ncache, cp);
	if (g->cp == cp)
		return g;
	found = choose(pdf, cp, cells);
	if (2 * (pdf->used + 1) > pdf->ncache) {
		old = pdf->cache;
		n = pdf->ncache;
		pdf->ncache *= 2;
		pdf->cache = xcalloc(pdf->ncache, sizeof *pdf->cache);
		for (i = 0; i < n; i++) {
			if (old[i].cp != 0)
				*cache_slot(pdf->cache, pdf->ncache,
				    old[i].cp) = old[i];
		}
		free(old);
	}
	g = cache_slot(pdf->cache, pdf->ncache, cp);
	*g = found;
	pdf->used++;
	return g;
}

/*
 * Glyphs of one face waiting to be drawn with their text, so that the
 * document's character map knows which character each glyph stands for:
 * guessed from the font, 石 would read back as the radical ⽯, which
 * has the same glyph.
 */
struct run {
	int			 face;
	struct buf		 text;
	cairo_glyph_t		*glyphs;
	cairo_text_cluster_t	*clusters;
	int			 n;
	int			 cap;
};

static void
run_flush(struct pdf *pdf, struct run *r)
{
	if (r->n == 0)
		return;
	lib.cairo_set_scaled_font(pdf->cr, pdf->font[r->face]);
	lib.cairo_show_text_glyphs(pdf->cr, r->text.s, r->text.len, r->glyphs,
	    r->n, r->clusters, r->n, 0);
	buf_reset(&r->text);
	r->n = 0;
}

static void
run_add(struct run *r, const char *s, int len, unsigned long index,
    double x, double y)
{
	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 128 : r->cap * 2;
		r->glyphs = xreallocarray(r->glyphs, r->cap,
		    sizeof *r->glyphs);
		r->clusters = xreallocarray(r->clusters, r->cap,
		    sizeof *r->clusters);
	}
	r->glyphs[r->n] = (cairo_glyph_t){ index, x, y };
	r->clusters[r->n] = (cairo_text_cluster_t){ len, 1 };
	r->n++;
	buf_add(&r->text, s, len);
}

/* A glyph wider than its cells, drawn narrowed on its own. */
static void
draw_narrowed(struct pdf *pdf, const struct glyph *g, const char *s,
    int len, double x, double y)
{
	cairo_glyph_t one = { g->index, 0, 0 };
	cairo_text_cluster_t cl = { len, 1 };

	lib.cairo_save(pdf->cr);
	lib.cairo_translate(pdf->cr, x, y);
	lib.cairo_scale(pdf->cr, g->sx, 1);
	lib.cairo_set_scaled_font(pdf->cr, pdf->font[g->face]);
	lib.cairo_show_text_glyphs(pdf->cr, s, len, &one, 1, &cl, 1, 0);
	lib.cairo_restore(pdf->cr);
}

/* Draws g for the character cp with its origin at x, y. */
static void
draw_glyph(struct pdf *pdf, struct run *r, const struct glyph *g,
    uint32_t cp, double x, double y)
{
	char enc[4];
	int k = u8_encode(cp, enc);

	if (g->index == 0)
		return;
	if (g->sx != 1) {
		run_flush(pdf, r);
		draw_narrowed(pdf, g, enc, k, x, y);
		return;
	}
	if (r->face != g->face)
		run_flush(pdf, r);
	r->face = g->face;
	run_add(r, enc, k, g->index, x, y);
}

static void
draw_line(struct pdf *pdf, struct run *r, const char *s, int row)
{
	const struct glyph *g;
	size_t n = strlen(s);
	double y = GRID_Y + row * CELL_H + BASELINE, x;
	uint32_t cp;
	int w, col = 0, prev = 0;

	while (n > 0) {
		cp = next_char(&s, &n);
		if ((w = u_cpwidth(cp)) > 0) {
			if (cp != ' ') {
				g = lookup(pdf, cp, w);
				x = GRID_X + col * CELL_W + g->dx;
				draw_glyph(pdf, r, g, cp, x, y);
			}
			col += w;
			prev = w;
			continue;
		}
		/*
		 * A zero-width mark sits on the character before it, its ink
		 * centred over that one's cells, wherever the font puts it.
		 * One the fonts lack is left out: it has no cell for U+FFFD.
		 */
		g = lookup(pdf, cp, 1);
		if (g->missing || prev == 0)
			continue;
		x = GRID_X + (col - prev / 2.0) * CELL_W - g->ink;
		draw_glyph(pdf, r, g, cp, x, y);
	}
}

int
pdf_page(struct pdf *pdf, const char *const *lines, int n, char **cause)
{
	struct run r = { 0 };
	int i, w;

	if (n < 0 || n > PDF_LINES) {
		set_cause(cause, _("a page of %d lines does not fit: at most "
		    "%d do"), n, PDF_LINES);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((w = u_width(lines[i])) > PDF_COLS) {
			set_cause(cause, _("line %d of page %d is %d columns "
			    "wide: at most %d fit"), i + 1, pdf->pages + 1, w,
			    PDF_COLS);
			return -1;
		}
	}
	lib.cairo_set_source_rgb(pdf->cr, 0, 0, 0);
	for (i = 0; i < n; i++)
		draw_line(pdf, &r, lines[i], i);
	run_flush(pdf, &r);
	buf_free(&r.text);
	free(r.glyphs);
	free(r.clusters);
	lib.cairo_show_page(pdf->cr);
	pdf->pages++;
	return check_status(pdf, lib.cairo_status(pdf->cr), cause);
}

int
pdf_close(struct pdf *pdf, char **cause)
{
	cairo_status_t st;
	int rc;

	lib.cairo_destroy(pdf->cr);
	pdf->cr = NULL;
	lib.cairo_surface_finish(pdf->surface);
	st = lib.cairo_surface_status(pdf->surface);
	if (pdf->werrno == 0 && st == CAIRO_STATUS_SUCCESS &&
	    (fflush(pdf->out) != 0 || ferror(pdf->out)))
		pdf->werrno = errno != 0 ? errno : EIO;
	rc = check_status(pdf, st, cause);
	pdf_free(pdf);
	open_docs--;
	release_caches();
	return rc;
}
