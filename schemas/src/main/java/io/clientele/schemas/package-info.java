/**
 * The source contracts: the columns, types, keys and personal-data marks of every source of the
 * extract, read from {@code schemas/sources/}. The bottom of the whole project, used by the
 * warehouse and the jobs; uses no other Clientele package.
 */
package io.clientele.schemas;
