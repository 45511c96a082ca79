// Technician commands that run instead of the kiosk: list and resolve dead letters, and the
// receipts to reconcile with the audit log.
#pragma once

#include <ostream>

#include "app/options.h"

namespace yiwang::kiosk {

// True when options ask for a maintenance command; it ran and exit_code is set.
bool run_maintenance(const Options& options, std::ostream& out, int& exit_code);

}  // namespace yiwang::kiosk
