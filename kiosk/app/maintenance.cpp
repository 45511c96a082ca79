// Technician commands: dead letters (what was refused and why, never the sealed personal data),
// receipts to reconcile, and the audit chain's check.
#include "app/maintenance.h"

#include <nlohmann/json.hpp>

#include "app/remote_commands.h"
#include "audit_chain.h"
#include "core/clock.h"
#include "core/json_fields.h"
#include "database.h"
#include "idcard/id_card.h"
#include "local_state.h"
#include "outbox.h"
#include "receipt_journal.h"
#include "services/pin_guard.h"
#include "services/support_bundle.h"

namespace yiwang::kiosk {

namespace {

// Receipts a resident took home for applications the platform then refused, and the audit log.
void list_receipts(store::Database& database, std::ostream& out) {
  store::ReceiptJournal journal(database);
  const auto receipts = journal.printed_for_dead_letters();
  out << receipts.size() << " receipt(s) printed for dead-lettered applications\n";
  for (const auto& r : receipts) {
    out << "  " << r.job_id << (r.reprint ? "  reprint" : "") << "  " << r.state << "  "
        << display_time_cst(r.updated_ms) << "  (see --dead-letters for " << r.local_id << ")\n";
  }
  const auto audit = journal.audit_log(50);
  out << "audit log, newest first (" << audit.size() << ")\n";
  for (const auto& a : audit)
    out << "  " << display_time_cst(a.at_ms) << "  " << a.event << "  " << a.subject << "  "
        << a.detail << "\n";
}

// The audit chain checked from its first record (and against the last anchor the platform
// acknowledged): exit code 0 when intact, 1 at the first broken record.
int verify_audit(store::Database& database, std::ostream& out) {
  store::AuditChain chain(database);
  const auto verdict = chain.verify();
  const auto anchor = chain.anchor();
  if (verdict.intact) {
    const auto head = chain.head();
    out << "audit log intact: " << verdict.records << " record(s), last hash " << head.last_hash
        << "\n";
    out << (anchor ? "anchored at the platform up to record " + std::to_string(anchor->id)
                   : std::string("not yet anchored at the platform"))
        << "\n";
    return 0;
  }
  out << "audit log BROKEN at record " << verdict.broken_id << ": " << verdict.problem << "\n";
  return 1;
}

// A new maintenance PIN read from standard input (never from the command line, which other users
// of the machine can read), stored as its Argon2id hash.
int set_pin(store::Database& database, std::istream& in, std::ostream& out) {
  std::string pin;
  std::getline(in, pin);
  if (!pin.empty() && pin.back() == '\r') pin.pop_back();
  store::LocalState state(database);
  store::ReceiptJournal journal(database);
  SystemClock clock;
  PinGuard guard(state, journal, clock);
  const auto status = guard.set_pin(pin, "command line");
  drivers::secure_wipe(pin);
  out << (status.ok() ? "maintenance PIN set" : "maintenance PIN not set: " + status.message)
      << "\n";
  return status.ok() ? 0 : 1;
}

}  // namespace

bool run_maintenance(const Options& options, std::istream& in, std::ostream& out, int& exit_code) {
  if (!options.list_dead && options.resolve_dead == 0 && !options.list_receipts &&
      !options.verify_audit && !options.set_maintenance_pin && options.support_bundle.empty())
    return false;
  exit_code = 1;
  auto opened = store::Database::open(options.database);
  const std::string key_path =
      options.outbox_key.empty() ? options.database + ".key" : options.outbox_key;
  if (!opened.status.ok()) {
    out << "cannot open " << options.database << ": " << opened.status.message << "\n";
    return true;
  }
  if (options.verify_audit) {
    exit_code = verify_audit(*opened.database, out);
    return true;
  }
  if (!options.support_bundle.empty()) {
    BundleSources sources;
    sources.terminal_id = options.terminal_id;
    sources.database = options.database;
    sources.log = options.log;
    sources.settings = bundle_settings(options);
    sources.devices = "the kiosk was not running";
    opened.database.reset();
    const auto written =
        write_support_bundle(sources, options.support_bundle, SystemClock().unix_ms());
    out << (written.ok ? "support bundle written: " + written.folder
                       : "support bundle not written: " + written.detail)
        << "\n";
    exit_code = written.ok ? 0 : 1;
    return true;
  }
  if (options.set_maintenance_pin) {
    exit_code = set_pin(*opened.database, in, out);
    return true;
  }
  // Never a new key beside sealed entries: without it they are listed and resolved unopened.
  auto key = store::load_outbox_key(key_path, *opened.database);
  if (!key.status.ok() && key.status.kind != store::StoreErrorKind::keyMissing) {
    out << "cannot use the outbox key: " << key.status.message << "\n";
    return true;
  }
  if (!key.status.ok()) out << key.status.message << ": payloads are not opened\n";
  store::Outbox outbox(*opened.database, key.key ? &*key.key : nullptr);
  if (options.list_receipts) {
    list_receipts(*opened.database, out);
    exit_code = 0;
    return true;
  }
  if (options.resolve_dead != 0) {
    const auto status = outbox.resolve_dead(options.resolve_dead);
    out << (status.ok() ? "resolved and erased dead letter " + std::to_string(options.resolve_dead)
                        : status.message)
        << "\n";
    exit_code = status.ok() ? 0 : 1;
    return true;
  }
  const auto dead = outbox.dead_letters();
  out << dead.size() << " dead letter(s)\n";
  for (const auto& entry : dead) {
    auto problem = nlohmann::json::parse(entry.last_error, nullptr, false);
    std::string fields;
    if (problem.is_object() && problem.contains("fields") && problem["fields"].is_array()) {
      for (const auto& field : problem["fields"]) {
        if (!fields.empty()) fields += ", ";
        fields += text_or(field, "field", "?") + " " + text_or(field, "code");
      }
    }
    out << "#" << entry.id << "  " << entry.kind << "  " << entry.local_id << "  queued "
        << display_time_cst(entry.created_ms) << "  dead "
        << (entry.dead_ms ? display_time_cst(entry.dead_ms) : std::string("?")) << "\n    "
        << (problem.is_object() ? std::to_string(field_or(problem, "status", 0)) + " " +
                                      text_or(problem, "code") + ": " + text_or(problem, "title")
                                : entry.last_error)
        << (fields.empty() ? "" : "\n    fields: " + fields)
        << (entry.payload_opened ? "" : "\n    (its sealed data does not open with this key)")
        << "\n";
  }
  exit_code = 0;
  return true;
}

}  // namespace yiwang::kiosk
