// The technician's PIN for maintenance mode: kept only as an Argon2id hash (libsodium), locked
// for 15 minutes after 5 wrong tries (the count and the lock survive a restart), and every
// attempt written to the audit log (never the digits).
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "local_state.h"
#include "receipt_journal.h"

namespace yiwang::kiosk {

struct PinCheck {
  enum class Outcome { accepted, wrong, locked, no_pin, error };
  Outcome outcome = Outcome::error;
  int tries_left = 0;             // after a wrong PIN, before the lock
  long long locked_until_ms = 0;  // wall clock, while locked
};

class PinGuard {
 public:
  static constexpr int kMaxFailures = 5;
  static constexpr long long kLockMs = 15LL * 60 * 1000;
  static constexpr std::size_t kMinDigits = 6;
  static constexpr std::size_t kMaxDigits = 12;

  PinGuard(store::LocalState& state, store::ReceiptJournal& journal, const Clock& clock);

  // 6 to 12 digits.
  static bool acceptable(const std::string& pin);
  // Hashes and stores a new PIN (who: "command line", "platform config"); clears the lock.
  store::StoreStatus set_pin(const std::string& pin, const std::string& who);
  // Stores a hash made elsewhere (the platform's config): it must be an Argon2id string.
  store::StoreStatus set_pin_hash(const std::string& hash, const std::string& who);
  bool has_pin();
  // Checks an attempt, counts failures, locks after the fifth, audits each.
  PinCheck check(const std::string& pin);
  // The wall-clock end of the lock, while locked.
  std::optional<long long> locked_until();

 private:
  store::StoreStatus set_state(const std::string& key, const std::string& value);
  int failures();

  store::LocalState& state_;
  store::ReceiptJournal& journal_;
  const Clock& clock_;
  bool ready_;  // libsodium started
};

}  // namespace yiwang::kiosk
