// Technician commands that run instead of the kiosk: list and resolve dead letters, the
// receipts to reconcile with the audit log, the audit chain's check, a new maintenance PIN.
#pragma once

#include <istream>
#include <ostream>

#include "app/options.h"

namespace yiwang::kiosk {

// True when options ask for a maintenance command; it ran and exit_code is set.
bool run_maintenance(const Options& options, std::istream& in, std::ostream& out, int& exit_code);

}  // namespace yiwang::kiosk
