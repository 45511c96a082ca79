// The audit chain: SHA-256 links between records, appending under a write lock, verification.
#include "audit_chain.h"

#include <openssl/evp.h>
#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "local_state.h"

namespace yiwang::store {

namespace {

constexpr const char* kAnchorId = "audit.anchor_id";
constexpr const char* kAnchorHash = "audit.anchor_hash";

void add_field(EVP_MD_CTX* context, const std::string& field) {
  // 8-byte big-endian length, then the bytes: fields cannot run into each other.
  std::array<unsigned char, 8> length{};
  auto n = static_cast<unsigned long long>(field.size());
  for (int i = 7; i >= 0; --i, n >>= 8) length[static_cast<std::size_t>(i)] = n & 0xFF;
  EVP_DigestUpdate(context, length.data(), length.size());
  EVP_DigestUpdate(context, field.data(), field.size());
}

ChainedRecord record_from(const Statement& row) {
  return {row.integer(0), row.integer(1), row.text(2), row.text(3),
          row.text(4),    row.text(5),    row.text(6)};
}

constexpr const char* kSelectAll =
    "SELECT id, at_ms, event, subject, detail, prev_hash, hash FROM audit ORDER BY id";

}  // namespace

std::string audit_record_hash(const std::string& prev_hash, long long id, long long at_ms,
                              const std::string& event, const std::string& subject,
                              const std::string& detail) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  const bool ok = context && EVP_DigestInit_ex(context, EVP_sha256(), nullptr) == 1;
  if (ok) {
    add_field(context, "yiwang-audit-v1");
    add_field(context, prev_hash);
    add_field(context, std::to_string(id));
    add_field(context, std::to_string(at_ms));
    add_field(context, event);
    add_field(context, subject);
    add_field(context, detail);
    EVP_DigestFinal_ex(context, digest.data(), &size);
  }
  EVP_MD_CTX_free(context);
  std::string hex;
  hex.reserve(static_cast<std::size_t>(size) * 2);
  for (unsigned int i = 0; i < size; ++i) {
    char pair[3];
    std::snprintf(pair, sizeof pair, "%02x", digest[i]);
    hex += pair;
  }
  return hex;  // empty only if OpenSSL failed: never equal to a stored hash
}

AuditVerdict verify_chain(const std::vector<ChainedRecord>& records,
                          const std::optional<AuditAnchor>& anchor) {
  AuditVerdict verdict;
  std::string expected_prev = kAuditGenesis;
  long long previous_id = 0;
  bool anchor_seen = false;
  for (const auto& r : records) {
    ++verdict.records;
    const std::string computed =
        audit_record_hash(r.prev_hash, r.id, r.at_ms, r.event, r.subject, r.detail);
    std::string problem;
    if (computed.empty() || computed != r.hash) {
      problem = "record " + std::to_string(r.id) +
                " was altered or moved: its content does not match its hash";
    } else if (r.prev_hash != expected_prev) {
      problem = "record " + std::to_string(r.id) + " does not follow record " +
                (previous_id ? std::to_string(previous_id) : std::string("(start of the log)")) +
                ": a record between them was deleted or inserted, or records were reordered";
    }
    if (!problem.empty()) {
      verdict.intact = false;
      verdict.broken_id = r.id;
      verdict.problem = problem;
      return verdict;
    }
    if (anchor && r.id == anchor->id) {
      anchor_seen = true;
      if (r.hash != anchor->hash) {
        verdict.intact = false;
        verdict.broken_id = r.id;
        verdict.problem = "record " + std::to_string(r.id) +
                          " is not the one anchored at the platform: the log was rewritten";
        return verdict;
      }
    }
    expected_prev = r.hash;
    previous_id = r.id;
  }
  if (anchor && anchor->id > 0 && !anchor_seen) {
    verdict.intact = false;
    verdict.broken_id = anchor->id;
    verdict.problem = "record " + std::to_string(anchor->id) +
                      ", anchored at the platform, is gone: records were deleted from the end";
  }
  return verdict;
}

StoreStatus AuditChain::append(const std::string& event, const std::string& subject,
                               const std::string& detail, long long now_ms) {
  const auto body = [&]() -> StoreStatus {
    std::string prev = kAuditGenesis;
    long long id = 1;
    {
      Statement last(database_.handle(), "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
      const int code = last.step();
      if (code == SQLITE_ROW) {
        id = last.integer(0) + 1;
        prev = last.text(1);
      } else if (code != SQLITE_DONE) {
        return database_.status_from(code, "audit head");
      }
    }
    Statement insert(database_.handle(),
                     "INSERT INTO audit (id, at_ms, event, subject, detail, prev_hash, hash) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insert.bind(1, id).bind(2, now_ms).bind(3, event).bind(4, subject).bind(5, detail);
    insert.bind(6, prev).bind(7, audit_record_hash(prev, id, now_ms, event, subject, detail));
    return database_.status_from(insert.step(), "audit");
  };
  // The read of the newest record and the insert must not interleave with another connection's.
  if (sqlite3_get_autocommit(database_.handle()) == 0) return body();
  return database_.transaction(body);
}

AuditHead AuditChain::head() {
  AuditHead head;
  Statement count(database_.handle(), "SELECT count(*) FROM audit");
  if (count.step() == SQLITE_ROW) head.records = count.integer(0);
  Statement last(database_.handle(), "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
  if (last.step() == SQLITE_ROW) {
    head.last_id = last.integer(0);
    head.last_hash = last.text(1);
  }
  return head;
}

std::vector<ChainedRecord> AuditChain::records() {
  Statement rows(database_.handle(), kSelectAll);
  std::vector<ChainedRecord> out;
  while (rows.step() == SQLITE_ROW) out.push_back(record_from(rows));
  return out;
}

AuditVerdict AuditChain::verify() { return verify_chain(records(), anchor()); }

StoreStatus AuditChain::remember_anchor(const AuditHead& head) {
  if (head.last_id == 0) return {};
  LocalState state(database_);
  return database_.transaction([&] {
    StoreStatus status = state.set_value(kAnchorId, std::to_string(head.last_id));
    if (status.ok()) status = state.set_value(kAnchorHash, head.last_hash);
    return status;
  });
}

std::optional<AuditAnchor> AuditChain::anchor() {
  LocalState state(database_);
  auto id = state.value(kAnchorId);
  auto hash = state.value(kAnchorHash);
  if (!id || !hash) return std::nullopt;
  return AuditAnchor{std::atoll(id->c_str()), *hash};
}

StoreStatus AuditChain::chain_legacy(Database& database) {
  std::vector<ChainedRecord> legacy;
  {
    Statement rows(database.handle(), kSelectAll);
    while (rows.step() == SQLITE_ROW) legacy.push_back(record_from(rows));
  }
  std::string prev = kAuditGenesis;
  Statement update(database.handle(), "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE id = ?3");
  for (const auto& r : legacy) {
    const std::string hash = audit_record_hash(prev, r.id, r.at_ms, r.event, r.subject, r.detail);
    update.bind(1, prev).bind(2, hash).bind(3, r.id);
    const int code = update.step();
    update.reset();
    if (code != SQLITE_DONE) return database.status_from(code, "audit chain");
    prev = hash;
  }
  return {};
}

}  // namespace yiwang::store
