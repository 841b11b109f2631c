/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-doc-fonts.h"
#include "tj-font-subset.h"

#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

/* The stand-in for every role, and the face of characters a chosen family lacks. */
#define FALLBACK_FAMILY "Noto Serif CJK SC"
/* Smaller 'CFF ' tables cost cairo little to copy (FandolFang's is about 4 MB). */
#define SUBSET_FROM_SIZE (6 * 1024 * 1024)
/* Part of each subset's cache key: change it when the subsets change. */
#define SUBSET_VERSION "2 gb2312 + blocks of 256, BASE kept"
/* A character outside the GB 2312 subset comes from a subset of its block of 256 code
 * points: 䶮 (U+4DAE) from block 4D. */
#define BLOCK_SHIFT 8

static const char * const font_candidates[TJ_DOC_N_FONTS][5] = {
  /* Noto Serif CJK SC Bold is the free stand-in for 方正小标宋 (documents.md). */
  [TJ_DOC_FONT_TITLE] = { "FZXiaoBiaoSong-B05S", FALLBACK_FAMILY, NULL },
  [TJ_DOC_FONT_BODY] = { "FangSong", "FandolFang", FALLBACK_FAMILY, NULL },
  [TJ_DOC_FONT_HEI] = { "SimHei", "Noto Sans CJK SC", NULL },
  [TJ_DOC_FONT_KAI] = { "KaiTi", "AR PL UKai CN", "FandolKai", FALLBACK_FAMILY, NULL },
  [TJ_DOC_FONT_SONG] = { "SimSun", FALLBACK_FAMILY, NULL },
};

/* A face that documents use through subsets. */
typedef struct {
  char     *family;             /* the original family */
  gboolean  bold;
  char     *file;
  int       index;
  char     *stem;               /* the cache files' path without the ending */
  gboolean  common;             /* the GB 2312 subset is in the configuration */
  GArray   *blocks;             /* guint: blocks with a subset in the configuration, sorted */
} Face;

typedef struct {
  GMutex      lock;
  char       *chosen[TJ_DOC_N_FONTS];
  GPtrArray  *faces;            /* Face */
  GArray     *chars;            /* gunichar: the GB 2312 subset's characters */
  guint8     *common;           /* the same as a bit map of the BMP */
  GHashTable *blocks_tried;     /* blocks looked at by this process */
  FcConfig   *config;           /* the configuration of the current generation */
  guint       generation;
} DocFonts;

static void
face_free (Face *face)
{
  g_free (face->family);
  g_free (face->file);
  g_free (face->stem);
  g_array_unref (face->blocks);
  g_free (face);
}

static char *
common_family (const char *family)
{
  return g_strconcat (family, " (Tiaojie subset)", NULL);
}

static char *
block_family (const char *family, guint block)
{
  return g_strdup_printf ("%s (Tiaojie subset %X)", family, block);
}

static char *
block_path (const Face *face, guint block)
{
  return g_strdup_printf ("%s-%X.otf", face->stem, block);
}

static char *
common_path (const Face *face)
{
  return g_strconcat (face->stem, ".otf", NULL);
}

/* fontconfig answers any family name with its best guess (FangSong becomes DejaVu Sans),
 * so a family is installed only when listing it finds a face. */
static gboolean
installed (FcConfig *config, const char *family)
{
  FcPattern *pattern = FcPatternBuild (NULL, FC_FAMILY, FcTypeString, family, NULL);
  FcObjectSet *objects = FcObjectSetBuild (FC_FILE, NULL);
  FcFontSet *set = FcFontList (config, pattern, objects);
  gboolean found = set != NULL && set->nfont > 0;

  if (set != NULL)
    FcFontSetDestroy (set);
  FcObjectSetDestroy (objects);
  FcPatternDestroy (pattern);
  return found;
}

/* The cache files of a face are named by the source file's path, size and time, the face
 * and the subsets' version, so a changed font makes new subsets. */
static char *
face_stem (const char *file, int index)
{
  GStatBuf st;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;

  if (g_stat (file, &st) != 0)
    return NULL;
  key = g_strdup_printf ("%s\n%s\n%d\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT,
                         SUBSET_VERSION, file, index, (gint64) st.st_size,
                         (gint64) st.st_mtime);
  name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  name[32] = '\0';
  return g_build_filename (g_get_user_cache_dir (), "tiaojie", "fonts", name, NULL);
}

/* A cached subset is used only when fontconfig reads from it the family it should have. */
static gboolean
subset_valid (const char *path, const char *family)
{
  int count = 0;
  FcPattern *pattern = FcFreeTypeQuery ((const FcChar8 *) path, 0, NULL, &count);
  FcChar8 *name = NULL;
  gboolean valid;

  if (pattern == NULL)
    return FALSE;
  valid = FcPatternGetString (pattern, FC_FAMILY, 0, &name) == FcResultMatch &&
          g_strcmp0 ((const char *) name, family) == 0;
  FcPatternDestroy (pattern);
  return valid;
}

/* PATH holds the subset of CHARS of FACE named FAMILY: there already, or made now. */
static gboolean
ensure_subset (const Face *face, const char *path, GArray *chars, const char *family)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (subset_valid (path, family))
    return TRUE;
  bytes = tj_font_subset_make (face->file, face->index, chars, family, &error);
  if (bytes == NULL ||
      g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            &error) ||
      !subset_valid (path, family))
    {
      g_message ("Documents use the full face %d of %s for %s: %s", face->index, face->file,
                 family, error != NULL ? error->message : "the subset could not be stored");
      return FALSE;
    }
  g_debug ("made %s (%zu bytes) from face %d of %s", path, g_bytes_get_size (bytes),
           face->index, face->file);
  return TRUE;
}

static gint
compare_blocks (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* The block subsets an earlier process made for FACE. */
static void
find_blocks (Face *face)
{
  g_autofree char *dir = g_path_get_dirname (face->stem);
  g_autofree char *prefix = g_strconcat (strrchr (face->stem, G_DIR_SEPARATOR) + 1, "-", NULL);
  GDir *listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      char *end = NULL;
      guint block;

      if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, ".otf"))
        continue;
      block = (guint) strtoul (name + strlen (prefix), &end, 16);
      if (end == NULL || strcmp (end, ".otf") != 0 || block > (0x10FFFF >> BLOCK_SHIFT))
        continue;
      {
        g_autofree char *path = block_path (face, block);
        g_autofree char *family = block_family (face->family, block);

        if (subset_valid (path, family))
          g_array_append_val (face->blocks, block);
      }
    }
  if (listing != NULL)
    g_dir_close (listing);
  g_array_sort (face->blocks, compare_blocks);
}

/* The regular and bold faces of FAMILY whose 'CFF ' table is large, with their GB 2312
 * subsets. */
static void
add_faces (DocFonts *fonts, FcConfig *config, const char *family)
{
  FcPattern *pattern = FcPatternBuild (NULL, FC_FAMILY, FcTypeString, family,
                                       FC_SLANT, FcTypeInteger, FC_SLANT_ROMAN, NULL);
  FcObjectSet *objects = FcObjectSetBuild (FC_FILE, FC_INDEX, FC_WEIGHT, NULL);
  FcFontSet *set = FcFontList (config, pattern, objects);

  for (int i = 0; set != NULL && i < set->nfont; i++)
    {
      FcChar8 *file = NULL;
      int index = 0;
      int weight = 0;
      Face *face;
      g_autofree char *path = NULL;
      g_autofree char *renamed = common_family (family);

      if (FcPatternGetString (set->fonts[i], FC_FILE, 0, &file) != FcResultMatch ||
          FcPatternGetInteger (set->fonts[i], FC_INDEX, 0, &index) != FcResultMatch ||
          FcPatternGetInteger (set->fonts[i], FC_WEIGHT, 0, &weight) != FcResultMatch ||
          (weight != FC_WEIGHT_REGULAR && weight != FC_WEIGHT_BOLD) ||
          index < 0 || index >= 0x10000 ||   /* named instances of variable fonts */
          tj_font_subset_cff_size ((const char *) file, index) < SUBSET_FROM_SIZE)
        continue;
      face = g_new0 (Face, 1);
      face->family = g_strdup (family);
      face->bold = weight == FC_WEIGHT_BOLD;
      face->file = g_strdup ((const char *) file);
      face->index = index;
      face->stem = face_stem (face->file, index);
      face->blocks = g_array_new (FALSE, FALSE, sizeof (guint));
      if (face->stem == NULL)
        {
          face_free (face);
          continue;
        }
      path = common_path (face);
      face->common = ensure_subset (face, path, fonts->chars, renamed);
      find_blocks (face);
      g_ptr_array_add (fonts->faces, face);
    }
  if (set != NULL)
    FcFontSetDestroy (set);
  FcObjectSetDestroy (objects);
  FcPatternDestroy (pattern);
}

/* A configuration of the system's fonts of its own, which subsets can be added to. */
static FcConfig *
system_config (void)
{
  FcConfig *config = FcInitLoadConfigAndFonts ();

  return config != NULL ? config : FcConfigReference (NULL);
}

/* The subsets as application fonts of CONFIG; those it does not take are forgotten. */
static void
add_subset_files (DocFonts *fonts, FcConfig *config)
{
  for (guint i = 0; i < fonts->faces->len; i++)
    {
      Face *face = g_ptr_array_index (fonts->faces, i);

      if (face->common)
        {
          g_autofree char *path = common_path (face);

          face->common = FcConfigAppFontAddFile (config, (const FcChar8 *) path);
        }
      for (guint b = 0; b < face->blocks->len; b++)
        {
          g_autofree char *path = block_path (face, g_array_index (face->blocks, guint, b));

          if (!FcConfigAppFontAddFile (config, (const FcChar8 *) path))
            g_array_remove_index (face->blocks, b--);
        }
    }
}

/* Subsets of a font file since changed or removed, or of an older SUBSET_VERSION, are
 * never read again. Files of the cache that no face of this process names and nobody has
 * written for this long are deleted (another process, set up with other fonts, may still
 * use a younger one). */
#define CACHE_KEEP_DAYS 30

static void
clean_cache (DocFonts *fonts, const char *cache)
{
  g_autoptr(GHashTable) live = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GDir *dir = g_dir_open (cache, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  for (guint i = 0; i < fonts->faces->len; i++)
    {
      const Face *face = g_ptr_array_index (fonts->faces, i);

      if (face->stem != NULL)
        g_hash_table_add (live, g_path_get_basename (face->stem));
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stem = g_strndup (name, 32);
      g_autofree char *path = NULL;
      GStatBuf st;

      /* Only the cache's own files: 32 hexadecimal digits, then the ending. */
      if (strspn (name, "0123456789abcdef") < 32 || g_hash_table_contains (live, stem))
        continue;
      path = g_build_filename (cache, name, NULL);
      if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) &&
          now - (gint64) st.st_mtime > CACHE_KEEP_DAYS * 24 * 3600 && g_remove (path) == 0)
        g_debug ("removed the old subset %s", path);
    }
  g_dir_close (dir);
}

static gpointer
doc_fonts_init (gpointer data)
{
  DocFonts *fonts = g_new0 (DocFonts, 1);
  const char *off = g_getenv ("TJ_DOC_FONT_SUBSETS");
  FcConfig *system = system_config ();
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "tiaojie", "fonts", NULL);
  g_autoptr(GError) error = NULL;

  g_mutex_init (&fonts->lock);
  fonts->faces = g_ptr_array_new_with_free_func ((GDestroyNotify) face_free);
  fonts->blocks_tried = g_hash_table_new (NULL, NULL);
  for (guint f = 0; f < TJ_DOC_N_FONTS; f++)
    {
      for (guint c = 0; font_candidates[f][c] != NULL && fonts->chosen[f] == NULL; c++)
        if (installed (system, font_candidates[f][c]))
          fonts->chosen[f] = g_strdup (font_candidates[f][c]);
      /* Nothing installed: name the stand-in anyway; fontconfig decides. */
      if (fonts->chosen[f] == NULL)
        fonts->chosen[f] = g_strdup (FALLBACK_FAMILY);
    }
  if (off != NULL && strcmp (off, "0") == 0)
    ;
  else if (g_mkdir_with_parents (cache, 0700) != 0)
    /* Subsets made and then not kept would cost every process their time again. */
    g_message ("Documents use the full fonts: the folder %s cannot be made: %s", cache,
               g_strerror (errno));
  else if ((fonts->chars = tj_font_subset_gb2312 (&error)) == NULL)
    g_message ("Documents use the full fonts: %s", error->message);
  else
    {
      g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

      fonts->common = g_malloc0 (0x10000 / 8);
      for (guint i = 0; i < fonts->chars->len; i++)
        {
          gunichar c = g_array_index (fonts->chars, gunichar, i);

          if (c < 0x10000)
            fonts->common[c >> 3] |= 1 << (c & 7);
        }
      for (guint f = 0; f <= TJ_DOC_N_FONTS; f++)
        {
          const char *family = f < TJ_DOC_N_FONTS ? fonts->chosen[f] : FALLBACK_FAMILY;

          if (g_hash_table_add (done, (gpointer) family))
            add_faces (fonts, system, family);
        }
    }
  add_subset_files (fonts, system);
  if (fonts->chars != NULL)
    clean_cache (fonts, cache);
  fonts->config = system;
  return fonts;
}

static DocFonts *
doc_fonts (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, doc_fonts_init, NULL);
}

const char *
tj_doc_font_family (TjDocFont font)
{
  g_return_val_if_fail (font < TJ_DOC_N_FONTS, NULL);
  return doc_fonts ()->chosen[font];
}

static void
append_family (DocFonts *fonts, GString *list, const char *family, gboolean bold)
{
  for (guint i = 0; i < fonts->faces->len; i++)
    {
      Face *face = g_ptr_array_index (fonts->faces, i);

      if (face->bold != bold || strcmp (face->family, family) != 0)
        continue;
      if (face->common)
        {
          g_autofree char *name = common_family (family);

          g_string_append_printf (list, "%s,", name);
        }
      for (guint b = 0; b < face->blocks->len; b++)
        {
          g_autofree char *name = block_family (family, g_array_index (face->blocks, guint, b));

          g_string_append_printf (list, "%s,", name);
        }
    }
  g_string_append_printf (list, "%s,", family);
}

char *
tj_doc_font_families (TjDocFont font, gboolean bold)
{
  DocFonts *fonts = doc_fonts ();
  GString *list = g_string_new (NULL);

  g_return_val_if_fail (font < TJ_DOC_N_FONTS, NULL);
  g_mutex_lock (&fonts->lock);
  append_family (fonts, list, fonts->chosen[font], bold);
  /* The stand-in last: characters the chosen face lacks (𠀀 in FangSong) fall back to a
   * face that has them. */
  if (strcmp (fonts->chosen[font], FALLBACK_FAMILY) != 0)
    append_family (fonts, list, FALLBACK_FAMILY, bold);
  g_mutex_unlock (&fonts->lock);
  g_string_truncate (list, list->len - 1);
  return g_string_free (list, FALSE);
}

guint
tj_doc_font_n_subsets (void)
{
  DocFonts *fonts = doc_fonts ();
  guint n = 0;

  g_mutex_lock (&fonts->lock);
  for (guint i = 0; i < fonts->faces->len; i++)
    {
      Face *face = g_ptr_array_index (fonts->faces, i);

      n += (face->common ? 1 : 0) + face->blocks->len;
    }
  g_mutex_unlock (&fonts->lock);
  return n;
}

/* Makes the subsets of BLOCK that faces lack; TRUE when it made any. */
static gboolean
add_block (DocFonts *fonts, guint block)
{
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  gboolean added = FALSE;

  for (gunichar c = block << BLOCK_SHIFT; c < (block + 1) << BLOCK_SHIFT; c++)
    g_array_append_val (chars, c);
  for (guint i = 0; i < fonts->faces->len; i++)
    {
      Face *face = g_ptr_array_index (fonts->faces, i);
      g_autofree char *path = block_path (face, block);
      g_autofree char *family = block_family (face->family, block);
      guint at;

      if (g_array_binary_search (face->blocks, &block, compare_blocks, &at) ||
          !ensure_subset (face, path, chars, family))
        continue;
      g_array_append_val (face->blocks, block);
      g_array_sort (face->blocks, compare_blocks);
      added = TRUE;
    }
  return added;
}

void
tj_doc_fonts_cover (const char *text)
{
  DocFonts *fonts = doc_fonts ();
  gboolean added = FALSE;

  g_return_if_fail (text != NULL);
  if (fonts->common == NULL)
    return;
  g_mutex_lock (&fonts->lock);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint block = c >> BLOCK_SHIFT;

      /* Line breaks and other controls are not drawn. */
      if (g_unichar_iscntrl (c) ||
          (c < 0x10000 && (fonts->common[c >> 3] & (1 << (c & 7))) != 0) ||
          !g_hash_table_add (fonts->blocks_tried, GUINT_TO_POINTER (block)))
        continue;
      added |= add_block (fonts, block);
    }
  if (added)
    {
      FcConfig *config = system_config ();

      add_subset_files (fonts, config);
      FcConfigDestroy (fonts->config);
      fonts->config = config;
      fonts->generation++;
    }
  g_mutex_unlock (&fonts->lock);
}

typedef struct {
  PangoFontMap *map;
  guint         generation;
} ThreadMap;

static void
thread_map_free (gpointer data)
{
  ThreadMap *thread_map = data;

  g_clear_object (&thread_map->map);
  g_free (thread_map);
}

PangoFontMap *
tj_doc_font_map (void)
{
  static GPrivate key = G_PRIVATE_INIT (thread_map_free);
  DocFonts *fonts = doc_fonts ();
  ThreadMap *thread_map = g_private_get (&key);

  if (thread_map == NULL)
    {
      thread_map = g_new0 (ThreadMap, 1);
      g_private_set (&key, thread_map);
    }
  g_mutex_lock (&fonts->lock);
  if (thread_map->map == NULL || thread_map->generation != fonts->generation)
    {
      g_clear_object (&thread_map->map);
      thread_map->map = pango_cairo_font_map_new_for_font_type (CAIRO_FONT_TYPE_FT);
      pango_fc_font_map_set_config (PANGO_FC_FONT_MAP (thread_map->map), fonts->config);
      thread_map->generation = fonts->generation;
    }
  g_mutex_unlock (&fonts->lock);
  return thread_map->map;
}
