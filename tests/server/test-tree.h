/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes a file, or a folder and everything in it; what cannot be removed stays. For the
 * temporary folders of the tests, their servers and clusters, and the benchmarks. */
void test_remove_tree (const char *path);

G_END_DECLS
