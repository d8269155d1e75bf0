#include "config.h"
#include "ui.h"
struct screen *screen_roster_io(void) { return screen_menu(); }
