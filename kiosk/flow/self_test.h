// One self-test of the kiosk's devices: what each device was asked to do, how it ended and how
// long it took. Plain data and rules; the flow starts the checks and feeds their ends in.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "receipt/receipt_document.h"

namespace yiwang::kiosk {

struct DeviceCheck {
  // passed: the device did what it was asked; failed: it could not; untested: it could not be
  // tried without a technician (no card on the reader, nobody to scan the code); absent: this
  // kiosk has no such device.
  enum class Outcome { running, passed, failed, untested, absent };
  std::string device;  // idcard, scanner, camera, receipt, certificate, voice
  Outcome outcome = Outcome::running;
  std::string key;   // selftest.<device>.<what>: the words for the outcome (translation key)
  std::string note;  // facts that follow them: capabilities, a state, a reason code
  long long started_ms = 0;
  long long took_ms = 0;
};

std::string_view to_string(DeviceCheck::Outcome outcome);

class SelfTest {
 public:
  // interactive: a technician stands there (maintenance mode) and can place a card and scan the
  // test code; a remote self_test cannot, and says so. `nonce` makes the test code unique.
  SelfTest(bool interactive, std::string nonce, long long now_ms, long long timeout_ms);

  bool interactive() const { return interactive_; }
  // The code printed on the test receipt for the scanner: "YWSELFTEST:<nonce>".
  std::string code() const { return "YWSELFTEST:" + nonce_; }
  std::string receipt_job() const { return "selftest-" + nonce_; }
  std::string page_job() const { return "selftest-page-" + nonce_; }

  // A check begins now (running), or is already decided.
  void begin(const std::string& device, long long now_ms);
  void decide(const std::string& device, DeviceCheck::Outcome outcome, std::string key,
              std::string note, long long now_ms);
  // The check of `device` is still waiting for its end.
  bool waiting(const std::string& device) const;
  // Every check has ended.
  bool done() const;
  // Past the deadline: every check still running ends (untested with `untested_key` for the
  // checks a technician must help, failed "no answer in time" for the rest). True if any did.
  bool expire(long long now_ms);
  // The technician left before the end: what still runs ends now, as at the deadline.
  void end_now(long long now_ms) {
    deadline_ms_ = now_ms;
    expire(now_ms);
  }
  long long deadline_ms() const { return deadline_ms_; }

  const std::vector<DeviceCheck>& checks() const { return checks_; }
  int passed() const;
  int failed() const;
  // "3 of 5 devices passed; receipt passed 1210 ms (...); ..." in English, for the log and the
  // command's result (keys in `english` words).
  std::string summary(const std::function<std::string(const std::string&)>& english) const;
  // For the heartbeat: [{"device", "outcome", "detail", "ms"}].
  nlohmann::json to_json(const std::function<std::string(const std::string&)>& english,
                         long long at_unix_ms) const;

 private:
  DeviceCheck* find(const std::string& device);
  bool interactive_;
  std::string nonce_;
  long long deadline_ms_;
  std::vector<DeviceCheck> checks_;
};

// The test receipt: what it is, when, the printer's probed capabilities, and the test code as a
// QR code for the scanner (no personal data; nothing of a resident).
drivers::ReceiptDocument self_test_receipt(const std::string& terminal, const std::string& when,
                                           const std::string& capabilities,
                                           const std::string& code);

// A one-page A4 PDF saying what it is: the certificate printer's test page.
std::string self_test_page_pdf(const std::string& terminal, const std::string& when);

}  // namespace yiwang::kiosk
