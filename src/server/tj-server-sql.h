/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Where the server's SQL differs between SQLite and PostgreSQL, the difference is written
 * here once, both ways side by side. Everything else is in the subset both accept
 * (INSERT … ON CONFLICT, RETURNING, `?`/`?N` parameters, which the PostgreSQL store turns
 * into `$N`).
 *
 * A statement with a difference is a macro of the dialect D, expanded both ways by
 * TJ_SQL_BOTH for tj_server_store_prepare_sql ():
 *
 *   #define FIND(D) "SELECT id FROM record WHERE " TJ_SQL_JSON (D, "doc", "case_id") " = ?"
 *   stmt = tj_server_store_prepare_sql (store, TJ_SQL_BOTH (FIND), error);
 */

#define TJ_SQL_BOTH(STMT) STMT (SQLITE), STMT (PG)

/* A member of a JSON object held as text, as text. The PostgreSQL store's expression
 * indexes are on exactly this expression (tj-server-pg-schema.c), as SQLite's are on its
 * own (tj-server-schema.c), so a query written with it can use them. */
#define TJ_SQL_JSON(D, doc, member) TJ_SQL_JSON_##D (doc, member)
#define TJ_SQL_JSON_SQLITE(doc, member) "json_extract (" doc ", '$." member "')"
#define TJ_SQL_JSON_PG(doc, member)     "(" doc "::jsonb ->> '" member "')"

/* `column = ?` without regard to ASCII case. On SQLite the column is declared COLLATE
 * NOCASE, so a plain comparison uses it (and its unique index); on PostgreSQL the unique
 * index is on lower (column). */
#define TJ_SQL_NOCASE_EQ(D, column) TJ_SQL_NOCASE_EQ_##D (column)
#define TJ_SQL_NOCASE_EQ_SQLITE(column) column " = ?"
#define TJ_SQL_NOCASE_EQ_PG(column)     "lower (" column ") = lower (?)"
