// The receipt journal and audit log: which transaction's receipt is on paper, which reprints
// were asked for, and the technician's reconciliation list. Holds ids and states, no personal data.
#pragma once

#include <string>
#include <vector>

#include "database.h"

namespace yiwang::store {

struct ReceiptRecord {
  std::string job_id;
  std::string local_id;
  bool reprint = false;
  std::string state;  // sending, printed, not_printed, interrupted
  // The driver's stage: queued, body_sent, body_printed, cut_confirmed, fragment_on_paper,
  // uncertain, closed (receipt_printer.h's JobStage).
  std::string stage;
  std::string reason;
  long long created_ms = 0;
  long long updated_ms = 0;
};

struct AuditRecord {
  long long at_ms = 0;
  std::string event;
  std::string subject;
  std::string detail;
};

class ReceiptJournal {
 public:
  explicit ReceiptJournal(Database& database) : database_(database) {}

  // Written before the job goes to the printer. A job id already journaled is refused
  // (alreadyExists): a transaction's receipt is handed to the printer once.
  StoreStatus begin(const std::string& job_id, const std::string& local_id, bool reprint,
                    const std::string& content, long long now_ms);
  // The content journaled with the transaction's first receipt ("" when there is none).
  std::string content_of(const std::string& local_id);
  StoreStatus finish(const std::string& job_id, bool printed, const std::string& reason,
                     long long now_ms);
  // At start: jobs left 'sending' by a stopped kiosk become 'interrupted'; true when there were
  // any (the printer may hold a fragment to void).
  bool close_interrupted(long long now_ms);
  // The printer driver's progress with a job, written from the driver's thread (on its own
  // connection) before the driver goes on.
  StoreStatus set_stage(const std::string& job_id, const std::string& stage, long long now_ms);
  // The job the driver touched last and its stage ("" job when none): a restart decides from it
  // whether the paper is owed a void slip, a cut or nothing.
  ReceiptRecord last_staged();
  // The id for the next reprint of a transaction: "<local id>#r<n>".
  std::string next_reprint_id(const std::string& local_id);
  std::vector<ReceiptRecord> for_transaction(const std::string& local_id);
  // Receipts on paper whose transaction was later dead-lettered: the resident holds a receipt
  // for an application the platform refused. The technician follows these up.
  std::vector<ReceiptRecord> printed_for_dead_letters();

  StoreStatus audit(const std::string& event, const std::string& subject, const std::string& detail,
                    long long now_ms);
  std::vector<AuditRecord> audit_log(int limit);
  Database& database() { return database_; }

 private:
  Database& database_;
};

}  // namespace yiwang::store
