// Must NOT compile with the screens target's include path: screens cannot see drivers.
#include "idcard/sam_frame.h"
int main() { return 0; }
