// PinGuard: Argon2id via libsodium's crypto_pwhash_str, failure count and lock in local_state.
#include "services/pin_guard.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

namespace yiwang::kiosk {

namespace {

constexpr const char* kHashKey = "maintenance.pin_hash";
constexpr const char* kFailuresKey = "maintenance.pin_failures";
constexpr const char* kLockedUntilKey = "maintenance.locked_until_ms";
constexpr const char* kArgon2idPrefix = "$argon2id$";

}  // namespace

PinGuard::PinGuard(store::LocalState& state, store::ReceiptJournal& journal, const Clock& clock)
    : state_(state), journal_(journal), clock_(clock), ready_(sodium_init() >= 0) {
  // sodium_init is idempotent and thread-safe; -1 only when no randomness source exists.
}

bool PinGuard::acceptable(const std::string& pin) {
  return pin.size() >= kMinDigits && pin.size() <= kMaxDigits &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

store::StoreStatus PinGuard::set_state(const std::string& key, const std::string& value) {
  return state_.set_value(key, value);
}

int PinGuard::failures() {
  const auto text = state_.value(kFailuresKey);
  return text ? std::atoi(text->c_str()) : 0;
}

store::StoreStatus PinGuard::set_pin(const std::string& pin, const std::string& who) {
  if (!acceptable(pin)) return {store::StoreErrorKind::io, "a PIN is 6 to 12 digits"};
  if (!ready_) return {store::StoreErrorKind::io, "libsodium did not start"};
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return {store::StoreErrorKind::io, "Argon2id: out of memory"};
  }
  return set_pin_hash(hash, who);
}

store::StoreStatus PinGuard::set_pin_hash(const std::string& hash, const std::string& who) {
  if (hash.rfind(kArgon2idPrefix, 0) != 0 || hash.size() >= crypto_pwhash_STRBYTES) {
    return {store::StoreErrorKind::io, "not an Argon2id hash"};
  }
  auto status = set_state(kHashKey, hash);
  if (status.ok()) status = set_state(kFailuresKey, "0");
  if (status.ok()) status = set_state(kLockedUntilKey, "0");
  if (status.ok()) journal_.audit("maintenance.pin_set", "pin", "by " + who, clock_.unix_ms());
  return status;
}

bool PinGuard::has_pin() { return state_.value(kHashKey).has_value(); }

std::optional<long long> PinGuard::locked_until() {
  const auto text = state_.value(kLockedUntilKey);
  long long until = text ? std::atoll(text->c_str()) : 0;
  const long long now = clock_.unix_ms();
  if (until <= now) return std::nullopt;
  // A wall clock set back after the lock began must not make it longer than its 15 minutes.
  if (until - now > kLockMs) {
    until = now + kLockMs;
    set_state(kLockedUntilKey, std::to_string(until));
  }
  return until;
}

PinCheck PinGuard::check(const std::string& pin) {
  const long long now = clock_.unix_ms();
  PinCheck result;
  if (auto until = locked_until()) {
    journal_.audit("maintenance.pin_refused", "pin", "locked: attempt not checked", now);
    result.outcome = PinCheck::Outcome::locked;
    result.locked_until_ms = *until;
    return result;
  }
  const auto hash = state_.value(kHashKey);
  if (!hash) {
    journal_.audit("maintenance.pin_refused", "pin", "no PIN set on this terminal", now);
    result.outcome = PinCheck::Outcome::no_pin;
    return result;
  }
  if (!ready_) {
    result.outcome = PinCheck::Outcome::error;
    return result;
  }
  const bool right = pin.size() <= kMaxDigits &&
                     crypto_pwhash_str_verify(hash->c_str(), pin.data(), pin.size()) == 0;
  if (right) {
    set_state(kFailuresKey, "0");
    journal_.audit("maintenance.pin_accepted", "pin", "", now);
    result.outcome = PinCheck::Outcome::accepted;
    return result;
  }
  const int failed = failures() + 1;
  result.outcome = PinCheck::Outcome::wrong;
  if (failed >= kMaxFailures) {
    set_state(kFailuresKey, "0");
    set_state(kLockedUntilKey, std::to_string(now + kLockMs));
    journal_.audit("maintenance.pin_wrong", "pin",
                   "failure " + std::to_string(failed) + " of " + std::to_string(kMaxFailures) +
                       ": locked for 15 min",
                   now);
    result.outcome = PinCheck::Outcome::locked;
    result.locked_until_ms = now + kLockMs;
    return result;
  }
  set_state(kFailuresKey, std::to_string(failed));
  journal_.audit("maintenance.pin_wrong", "pin",
                 "failure " + std::to_string(failed) + " of " + std::to_string(kMaxFailures), now);
  result.tries_left = kMaxFailures - failed;
  return result;
}

}  // namespace yiwang::kiosk
