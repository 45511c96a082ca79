// AES-256-GCM sealing of outbox payloads, with a key kept in its own file outside the database.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "store_status.h"

namespace yiwang::store {

struct LoadedKey;

// The key that seals personal data at rest. Move-only; wiped from memory when destroyed.
class SealingKey {
 public:
  static constexpr std::size_t kSize = 32;

  // Reads the key file, or creates it (random, mode 0600, written before first use) when it does
  // not exist yet. A file of the wrong size or mode is refused rather than repaired.
  static LoadedKey load_or_create(const std::string& path);
  // Reads an existing key file; notFound when there is none.
  static LoadedKey load(const std::string& path);
  // Makes a new random key file (temporary name, fsync, rename, fsync of the folder).
  static LoadedKey create(const std::string& path);
  // For tests: a fixed key from exactly kSize bytes.
  static std::optional<SealingKey> from_bytes(const std::string& bytes);

  SealingKey(SealingKey&& other) noexcept;
  SealingKey& operator=(SealingKey&& other) noexcept;
  SealingKey(const SealingKey&) = delete;
  SealingKey& operator=(const SealingKey&) = delete;
  ~SealingKey();

  // version byte || 12-byte random nonce || ciphertext || 16-byte tag. The associated data binds
  // the sealed bytes to their row (a payload moved to another entry no longer opens).
  std::string seal(const std::string& plaintext, const std::string& associated) const;
  // nullopt when the bytes were altered, belong to another row, or another key sealed them.
  std::optional<std::string> open(const std::string& sealed, const std::string& associated) const;

 private:
  SealingKey() = default;
  std::array<unsigned char, kSize> bytes_{};
};

struct LoadedKey {
  StoreStatus status;
  std::optional<SealingKey> key;
};

}  // namespace yiwang::store
