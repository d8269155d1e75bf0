/* calltree.h -- emergency call trees (interface to be written). */
#ifndef SHOUHU_CALLTREE_H
#define SHOUHU_CALLTREE_H
#endif
