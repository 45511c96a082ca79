// Dead letters for a technician: what was refused and why, never the sealed personal data.
#include "app/maintenance.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/json_fields.h"
#include "database.h"
#include "outbox.h"
#include "receipt_journal.h"

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

}  // namespace

bool run_maintenance(const Options& options, std::ostream& out, int& exit_code) {
  if (!options.list_dead && options.resolve_dead == 0 && !options.list_receipts) return false;
  exit_code = 1;
  auto opened = store::Database::open(options.database);
  const std::string key_path =
      options.outbox_key.empty() ? options.database + ".key" : options.outbox_key;
  if (!opened.status.ok()) {
    out << "cannot open " << options.database << ": " << opened.status.message << "\n";
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
