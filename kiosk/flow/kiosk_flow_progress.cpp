// KioskFlow's 办件查询: a case found by a receipt's tracking code, or the cases of a resident who
// identifies; a provisional number still in this kiosk's outbox is said to be saved here.
#include <algorithm>

#include "core/json_fields.h"
#include "flow/kiosk_flow.h"
#include "outbox.h"

namespace yiwang::kiosk {

using nlohmann::json;
using ui::ScreenId;

namespace {

// What a stranger's network can send is bounded before it reaches the screen.
constexpr std::size_t kMaxCases = 50;
constexpr std::size_t kMaxHistory = 30;
constexpr std::size_t kMaxText = 200;

std::string bounded(std::string text) {
  if (text.size() > kMaxText) text.resize(kMaxText);  // the screen wraps; UTF-8 may be cut
  return text;
}

ui::Bilingual bilingual(const json& object, const char* key) {
  const json said = field_or(object, key, json::object());
  return {bounded(text_or(said, "zh")), bounded(text_or(said, "en"))};
}

ui::CaseView case_view(const json& record) {
  ui::CaseView view;
  view.case_id = bounded(text_or(record, "case_id"));
  view.local_id = bounded(text_or(record, "local_id"));
  view.item_name = bilingual(record, "item_name");
  view.status = bounded(text_or(record, "status"));
  view.updated_at = bounded(text_or(record, "updated_at"));
  view.promised_by = bounded(text_or(record, "promised_by"));
  view.item_code = bounded(text_or(record, "item_code"));
  const auto evaluated = record.find("evaluated");
  view.rated = evaluated != record.end() && evaluated->is_boolean() && evaluated->get<bool>();
  // The fee and whether it is paid (`fee_fen` as in the submission's answer; `fee_paid` an
  // extension, as `evaluated`): paid at a kiosk or through the platform's other channels. A
  // platform that does not say whether it is paid gets no fee line (never a false "not paid").
  const auto fee = record.find("fee_fen");
  const auto paid = record.find("fee_paid");
  if (fee != record.end() && fee->is_number_integer() && paid != record.end() &&
      paid->is_boolean()) {
    view.fee_fen = static_cast<int>(std::clamp<long long>(fee->get<long long>(), 0, 100000000));
    view.fee_paid = paid->get<bool>();
  }
  const auto history = record.find("history");
  if (history != record.end() && history->is_array()) {
    for (const json& event : *history) {
      if (view.history.size() == kMaxHistory) break;
      view.history.push_back({bounded(text_or(event, "at")), bounded(text_or(event, "status")),
                              bilingual(event, "note")});
    }
  }
  return view;
}

}  // namespace

void KioskFlow::act_progress(const std::string&) {
  if (refuse_when_disabled("progress")) return;
  open_progress();
  if (session_.verified_online && !session_.person_token.empty()) list_own_cases();
}

void KioskFlow::open_progress() {
  model_.progress = ui::ProgressView{};
  go(ScreenId::progress);
}

void KioskFlow::list_own_cases() {
  if (!ports_.query_case) return;
  model_.progress.loading = true;
  model_.progress.message_key.clear();
  dirty_ = true;
  ports_.query_case(++case_ticket_, "/v1/applications?person_token=" + session_.person_token);
}

void KioskFlow::track_on_progress(const ScanContent& content) {
  if (model_.screen != ScreenId::progress) open_progress();
  touched();
  ui::ProgressView& progress = model_.progress;
  progress = ui::ProgressView{};
  if (!content.local_id.empty()) {
    // Still in this kiosk's outbox: the platform does not know it yet, so nobody is asked.
    if (auto waiting = outbox_.waiting_application(content.local_id)) {
      progress.queued_local_id = content.local_id;
      progress.queued_minutes =
          static_cast<int>(std::max(0LL, clock_.unix_ms() - waiting->created_ms) / 60000);
      progress.message_key = waiting->dead ? "progress.refused" : "";
      progress.message_error = waiting->dead;
      dirty_ = true;
      return;
    }
  }
  if (!ports_.query_case) return;
  progress.loading = true;
  dirty_ = true;
  ports_.query_case(++case_ticket_, content.case_id.empty()
                                        ? "/v1/applications?local_id=" + content.local_id
                                        : "/v1/applications/" + content.case_id);
}

void KioskFlow::show_cases(const PlatformAnswer& answer) {
  ui::ProgressView& progress = model_.progress;
  progress.loading = false;
  dirty_ = true;
  if (!answer.ok) {
    const bool link_trouble = answer.error.error_class == ErrorClass::link ||
                              answer.error.error_class == ErrorClass::transient;
    logger_.warning("flow", "case lookup: " + answer.error.summary());
    progress.message_key = link_trouble ? "case.needs_link" : "case.not_found";
    progress.message_error = true;
    return;
  }
  progress.cases.clear();
  if (answer.body.is_array()) {
    for (const json& record : answer.body) {
      if (progress.cases.size() == kMaxCases) break;
      if (record.is_object()) progress.cases.push_back(case_view(record));
    }
  } else if (answer.body.is_object()) {
    progress.cases.push_back(case_view(answer.body));
  }
  // Newest first: the case the resident most likely came for.
  std::reverse(progress.cases.begin(), progress.cases.end());
  add_queued_cases();
  if (progress.cases.empty()) {
    progress.message_key = "progress.none";
    return;
  }
  logger_.info("flow", std::to_string(progress.cases.size()) + " case(s) shown");
  progress.selected = progress.cases.size() == 1 ? 0 : -1;
}

void KioskFlow::add_queued_cases() {
  if (!session_.card) return;
  ui::ProgressView& progress = model_.progress;
  std::vector<ui::CaseView> queued;
  for (auto& entry : outbox_.waiting_applications(kMaxCases)) {
    if (entry.payload_opened) {
      const json payload = json::parse(entry.payload, nullptr, false);
      const json applicant = field_or(payload, "applicant", json::object());
      const json card = field_or(applicant, "card", json::object());
      if (text_or(card, "id_number") == session_.card->id_number) {
        ui::CaseView view;
        view.local_id = entry.local_id;
        const CatalogItem* item = catalog_.find(text_or(payload, "item_code"));
        if (item) view.item_name = item->view.name;
        view.status = entry.state == store::EntryState::dead ? "refused_here" : "queued";
        view.updated_at = display_time_cst(entry.created_ms);
        queued.push_back(std::move(view));
      }
    }
    drivers::secure_wipe(entry.payload);
  }
  // Newest first, above the platform's: they are the most recent.
  std::reverse(queued.begin(), queued.end());
  for (auto& view : progress.cases) queued.push_back(std::move(view));
  progress.cases = std::move(queued);
  if (progress.cases.size() > kMaxCases) progress.cases.resize(kMaxCases);
  if (!progress.cases.empty()) progress.message_key.clear();
  progress.selected = progress.cases.size() == 1 ? 0 : -1;
  dirty_ = true;
}

void KioskFlow::act_case(const std::string& case_id) {
  auto& cases = model_.progress.cases;
  // A case the platform knows by its number; one still queued here by its provisional number.
  const auto found = std::find_if(cases.begin(), cases.end(), [&](const ui::CaseView& c) {
    return c.case_id.empty() ? c.local_id == case_id : c.case_id == case_id;
  });
  if (found == cases.end()) return;
  model_.progress.selected = static_cast<int>(found - cases.begin());
  dirty_ = true;
}

void KioskFlow::act_case_rate(const std::string&) {
  const auto& cases = model_.progress.cases;
  const int selected = model_.progress.selected;
  if (selected < 0 || selected >= static_cast<int>(cases.size())) return;
  const ui::CaseView& shown = cases[static_cast<std::size_t>(selected)];
  if (!ui::case_rateable(shown)) return;
  if (shown.item_code.empty()) {
    logger_.warning("flow", "case without its item's code: not rated here");
    return notice("progress.rate_unavailable", true);
  }
  // 好差评 of this case: its own evaluation transaction, as after a receipt. The item is named
  // by the case (the catalog may not hold it, or not yet at start).
  session_.item_code = shown.item_code;
  if (const CatalogItem* item = catalog_.find(shown.item_code)) {
    model_.item = item->view;
  } else {
    model_.item = ui::ItemView{};
    model_.item.code = shown.item_code;
    model_.item.name = shown.item_name;
  }
  session_.case_id = shown.case_id;
  session_.local_id = shown.local_id;
  session_.evaluation = Transaction{Transaction::Stage::draft, store::new_uuid(), ""};
  session_.evaluation_level = 0;
  session_.evaluation_reasons.clear();
  model_.evaluation_level = 0;
  model_.evaluation_reasons.clear();
  go(ScreenId::evaluate);
}

}  // namespace yiwang::kiosk
