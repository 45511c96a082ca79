// The technician's diagnostics screen, from maintenance mode: what the kiosk knows about its
// link, queue, receipts, devices, disk, certificate and log, and dead letters resolved one by
// one (their number, kind and the platform's answer only; their sealed data is never opened).
#include "core/json_fields.h"
#include "flow/kiosk_flow.h"

namespace yiwang::kiosk {

using ui::ScreenId;

namespace {

// The platform's answer that dead-lettered an entry: status, code, title and field names.
std::string dead_problem(const std::string& last_error) {
  const auto problem = nlohmann::json::parse(last_error, nullptr, false);
  if (!problem.is_object()) return last_error.substr(0, 120);
  std::string text = std::to_string(field_or(problem, "status", 0)) + " " +
                     text_or(problem, "code") + ": " + text_or(problem, "title");
  if (problem.contains("fields") && problem["fields"].is_array()) {
    std::string fields;
    for (const auto& field : problem["fields"]) {
      if (!fields.empty()) fields += ", ";
      fields += text_or(field, "field", "?") + " " + text_or(field, "code");
    }
    if (!fields.empty()) text += " (" + fields + ")";
  }
  return text.substr(0, 160);
}

}  // namespace

void KioskFlow::show_diagnostics() {
  ui::DiagnosticsView& d = model_.diagnostics;
  d.facts.clear();
  if (ports_.diagnostics_facts) {
    const nlohmann::json facts = ports_.diagnostics_facts();
    d.facts.emplace_back("diag.disk",
                         std::to_string(field_or(facts, "disk_free_mb", -1LL)) + " MB");
    d.facts.emplace_back("diag.database",
                         std::to_string(field_or(facts, "database_bytes", 0LL) / 1024) + " KiB");
    d.facts.emplace_back("diag.certificate", text_or(facts, "certificate_expires", "-"));
    d.facts.emplace_back("diag.versions", text_or(facts, "versions"));
    d.log_lines.clear();
    if (facts.contains("log_tail") && facts["log_tail"].is_array()) {
      for (const auto& line : facts["log_tail"]) {
        if (line.is_string()) d.log_lines.push_back(line.get<std::string>().substr(0, 140));
      }
    }
  }
  d.link_history.assign(link_history_.begin(), link_history_.end());
  d.device_errors.clear();
  for (const auto& [name, problem] : device_problems_) {
    d.device_errors.push_back(name);
    d.device_errors.back() += "  ";
    d.device_errors.back() += problem;
  }
  d.dead_letters.clear();
  for (const auto& entry : outbox_.dead_letters()) {
    d.dead_letters.push_back({entry.id, entry.kind, entry.local_id,
                              display_time_cst(entry.created_ms), dead_problem(entry.last_error)});
  }
  d.receipts.clear();
  for (const auto& r : journal_.printed_for_dead_letters()) {
    d.receipts.push_back(r.job_id + "  " + display_time_cst(r.updated_ms));
  }
  dirty_ = true;
}

void KioskFlow::act_maint_diagnostics(const std::string&) {
  journal_.audit("maintenance.diagnostics", "maintenance", "", clock_.unix_ms());
  model_.diagnostics = ui::DiagnosticsView{};
  show_diagnostics();
  go(ScreenId::diagnostics);
}

void KioskFlow::act_dead_resolve(const std::string& arg) {
  long long id = 0;
  for (char c : arg) {
    if (c < '0' || c > '9' || id > 1000000000000LL) return;  // not a number this screen offered
    id = id * 10 + (c - '0');
  }
  bool shown = false;
  for (const auto& dead : model_.diagnostics.dead_letters) shown |= dead.id == id;
  if (!shown) return;
  const auto status = outbox_.resolve_dead(id);
  journal_.audit("maintenance.dead_resolved", std::to_string(id),
                 status.ok() ? "erased" : status.message, clock_.unix_ms());
  logger_.info("flow",
               "dead letter " + std::to_string(id) +
                   (status.ok() ? " resolved and erased" : " not resolved: " + status.message));
  model_.diagnostics.message_key = status.ok() ? "diag.resolved" : "diag.resolve_failed";
  model_.diagnostics.message_detail = "#" + std::to_string(id);
  if (ports_.wake_sync) ports_.wake_sync();  // the queue counts follow
  show_diagnostics();
}

void KioskFlow::act_diag_back(const std::string&) {
  model_.diagnostics = ui::DiagnosticsView{};
  go(ScreenId::maintenance);
}

}  // namespace yiwang::kiosk
