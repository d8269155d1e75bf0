/*
 * roster.h -- importing and exporting the roster (花名册) that schools
 * keep in spreadsheets.  (Interface to be completed by its module.)
 */
#ifndef SHOUHU_ROSTER_H
#define SHOUHU_ROSTER_H
#endif
