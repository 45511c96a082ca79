// Runs the kiosk as the end-to-end tests do: headless, simulated devices, a plain-HTTP platform,
// its database and log in `work`, screenshots and receipts in `out`, a script to the end.
// Needs YIWANG_KIOSK (the kiosk binary) defined by the test's build rules.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "support/spawn.h"

namespace yiwang::test {

// extra: more options (--voice-record FILE).
inline int run_kiosk(const std::filesystem::path& work, const std::string& url,
                     const std::string& script, const std::filesystem::path& out,
                     const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {YIWANG_KIOSK,
                                   "--headless",
                                   "--simulate",
                                   "--allow-plain-http",
                                   "--platform",
                                   url,
                                   "--db",
                                   (work / "kiosk.db").string(),
                                   "--out",
                                   out.string(),
                                   "--script",
                                   script,
                                   "--log",
                                   (work / "kiosk.log").string(),
                                   "--submit-wait-ms",
                                   "4000",
                                   "--backoff-cap-ms",
                                   "1000"};
  args.insert(args.end(), extra.begin(), extra.end());
  return exit_code_of(run_process(args));
}

}  // namespace yiwang::test
