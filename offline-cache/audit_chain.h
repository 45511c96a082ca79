// The audit log as a hash chain: each record carries the SHA-256 of the record before it, so an
// altered, deleted, inserted or moved record breaks the chain where it happened.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "database.h"

namespace yiwang::store {

// The "previous hash" of the first record.
inline constexpr const char* kAuditGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The newest record: what a heartbeat sends to the platform to anchor the chain.
struct AuditHead {
  long long records = 0;  // how many records the chain holds
  long long last_id = 0;
  std::string last_hash = kAuditGenesis;
};

// What the platform last acknowledged: the record with this id had this hash.
struct AuditAnchor {
  long long id = 0;
  std::string hash;
};

struct AuditVerdict {
  bool intact = true;
  long long records = 0;    // records checked
  long long broken_id = 0;  // the first record whose link or content does not hold (0: none)
  std::string problem;      // in words, for the technician
};

// One stored record as the chain sees it.
struct ChainedRecord {
  long long id = 0;
  long long at_ms = 0;
  std::string event;
  std::string subject;
  std::string detail;
  std::string prev_hash;
  std::string hash;
};

// SHA-256 (lowercase hex) over the previous hash and every field of the record, each
// length-prefixed so that no two different records hash the same bytes.
std::string audit_record_hash(const std::string& prev_hash, long long id, long long at_ms,
                              const std::string& event, const std::string& subject,
                              const std::string& detail);

// Checks records in id order; an anchor, when given, must still be in the chain as it was.
AuditVerdict verify_chain(const std::vector<ChainedRecord>& records,
                          const std::optional<AuditAnchor>& anchor);

class AuditChain {
 public:
  explicit AuditChain(Database& database) : database_(database) {}

  // Appends a record linked to the newest one (inside the caller's transaction, or its own).
  StoreStatus append(const std::string& event, const std::string& subject,
                     const std::string& detail, long long now_ms);
  AuditHead head();
  // The whole chain checked, against the last anchor the platform acknowledged when there is one.
  AuditVerdict verify();
  std::vector<ChainedRecord> records();
  // The platform acknowledged a heartbeat carrying this head.
  StoreStatus remember_anchor(const AuditHead& head);
  std::optional<AuditAnchor> anchor();
  // Schema step: chains records written before the chain existed (in id order). Called once by
  // the migration that added the columns.
  static StoreStatus chain_legacy(Database& database);

 private:
  Database& database_;
};

}  // namespace yiwang::store
