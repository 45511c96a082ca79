// SealingKey: OpenSSL EVP AES-256-GCM, getrandom() nonces, an owner-only key file.
#include "sealing.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace yiwang::store {

namespace {

constexpr unsigned char kVersion = 1;
constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

StoreStatus io_error(const std::string& what) {
  const StoreErrorKind kind = errno == EROFS || errno == EACCES ? StoreErrorKind::readOnly
                              : errno == ENOSPC                 ? StoreErrorKind::diskFull
                                                                : StoreErrorKind::io;
  return {kind, what + ": " + std::strerror(errno)};
}

bool read_exact(int fd, unsigned char* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, out + done, size - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  unsigned char extra = 0;
  return ::read(fd, &extra, 1) == 0;
}

}  // namespace

SealingKey::SealingKey(SealingKey&& other) noexcept : bytes_(other.bytes_) {
  OPENSSL_cleanse(other.bytes_.data(), kSize);
}

SealingKey& SealingKey::operator=(SealingKey&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    OPENSSL_cleanse(other.bytes_.data(), kSize);
  }
  return *this;
}

SealingKey::~SealingKey() { OPENSSL_cleanse(bytes_.data(), kSize); }

std::optional<SealingKey> SealingKey::from_bytes(const std::string& bytes) {
  if (bytes.size() != kSize) return std::nullopt;
  SealingKey key;
  std::memcpy(key.bytes_.data(), bytes.data(), kSize);
  return key;
}

LoadedKey SealingKey::load_or_create(const std::string& path) {
  LoadedKey loaded = load(path);
  if (loaded.status.kind != StoreErrorKind::notFound) return loaded;
  return create(path);
}

LoadedKey SealingKey::load(const std::string& path) {
  SealingKey key;
  const int existing = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (existing < 0) {
    if (errno == ENOENT) return {{StoreErrorKind::notFound, "no key file " + path}, {}};
    return {io_error("open key file " + path), {}};
  }
  struct stat info {};
  const bool private_file = ::fstat(existing, &info) == 0 && (info.st_mode & 077) == 0;
  const bool read = private_file && read_exact(existing, key.bytes_.data(), kSize);
  ::close(existing);
  if (!private_file) {
    return {{StoreErrorKind::corrupt, "key file " + path + " is readable by others"}, {}};
  }
  if (!read) return {{StoreErrorKind::corrupt, "key file " + path + " is not 32 bytes"}, {}};
  return {{}, std::move(key)};
}

LoadedKey SealingKey::create(const std::string& path) {
  SealingKey key;
  if (RAND_bytes(key.bytes_.data(), kSize) != 1) {
    return {{StoreErrorKind::io, "no random bytes for a new key"}, {}};
  }
  // Written to a temporary name and renamed: a crash never leaves half a key behind.
  const std::string temporary = path + ".new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return {io_error("create key file " + path), {}};
  const bool written = ::write(fd, key.bytes_.data(), kSize) == static_cast<ssize_t>(kSize) &&
                       ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
  StoreStatus failure = written ? StoreStatus{} : io_error("write key file " + path);
  ::close(fd);
  if (written && ::rename(temporary.c_str(), path.c_str()) != 0) {
    failure = io_error("rename key file " + path);
  }
  if (!failure.ok()) {
    ::unlink(temporary.c_str());
    return {failure, {}};
  }
  // The rename is durable only once the folder is: a power cut must not lose the key while
  // entries sealed with it survive.
  const auto slash = path.find_last_of('/');
  const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool synced = dir >= 0 && ::fsync(dir) == 0;
  if (dir >= 0) ::close(dir);
  if (!synced) return {io_error("sync the key's folder " + folder), {}};
  return {{}, std::move(key)};
}

std::string SealingKey::seal(const std::string& plaintext, const std::string& associated) const {
  std::string out(1 + kNonceSize + plaintext.size() + kTagSize, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  bytes[0] = kVersion;
  unsigned char* nonce = bytes + 1;
  unsigned char* cipher = nonce + kNonceSize;
  if (RAND_bytes(nonce, kNonceSize) != 1) return {};
  CipherContext context(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int length = 0;
  const bool ok =
      context &&
      EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, bytes_.data(), nonce) == 1 &&
      EVP_EncryptUpdate(context.get(), nullptr, &length,
                        reinterpret_cast<const unsigned char*>(associated.data()),
                        static_cast<int>(associated.size())) == 1 &&
      EVP_EncryptUpdate(context.get(), cipher, &length,
                        reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(context.get(), cipher + length, &length) == 1 &&
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagSize,
                          cipher + plaintext.size()) == 1;
  return ok ? out : std::string();
}

std::optional<std::string> SealingKey::open(const std::string& sealed,
                                            const std::string& associated) const {
  if (sealed.size() < 1 + kNonceSize + kTagSize || sealed[0] != static_cast<char>(kVersion)) {
    return std::nullopt;
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(sealed.data());
  const unsigned char* nonce = bytes + 1;
  const unsigned char* cipher = nonce + kNonceSize;
  const std::size_t cipher_size = sealed.size() - 1 - kNonceSize - kTagSize;
  std::string plain(cipher_size, '\0');
  std::array<unsigned char, kTagSize> tag{};
  std::memcpy(tag.data(), cipher + cipher_size, kTagSize);
  CipherContext context(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int length = 0;
  const bool ok =
      context &&
      EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, bytes_.data(), nonce) == 1 &&
      EVP_DecryptUpdate(context.get(), nullptr, &length,
                        reinterpret_cast<const unsigned char*>(associated.data()),
                        static_cast<int>(associated.size())) == 1 &&
      EVP_DecryptUpdate(context.get(), reinterpret_cast<unsigned char*>(plain.data()), &length,
                        cipher, static_cast<int>(cipher_size)) == 1 &&
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(context.get(), reinterpret_cast<unsigned char*>(plain.data()) + length,
                          &length) == 1;
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    return std::nullopt;
  }
  return plain;
}

}  // namespace yiwang::store
