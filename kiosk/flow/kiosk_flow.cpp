// KioskFlow: screen transitions and what each intent and event does to the session.
#include "flow/kiosk_flow.h"

#include <algorithm>
#include <cstdio>

#include "core/json_fields.h"
#include "flow/form_rules.h"
#include "flow/masking.h"
#include "flow/payloads.h"
#include "flow/receipt_layout.h"
#include "idcard/id_number.h"
#include "outbox.h"
#include "toolkit/screen.h"

namespace yiwang::kiosk {

using nlohmann::json;
using ui::ScreenId;

KioskFlow::KioskFlow(FlowSettings settings, FlowPorts ports, store::Outbox& outbox,
                     store::LocalState& state, store::ReceiptJournal& journal, const Clock& clock,
                     Logger& logger, const I18n& i18n)
    : settings_(std::move(settings)),
      ports_(std::move(ports)),
      outbox_(outbox),
      state_(state),
      journal_(journal),
      clock_(clock),
      logger_(logger),
      i18n_(i18n),
      pin_guard_(state, journal, clock) {
  model_.site_name = settings_.site_name;
  model_.elder_mode = settings_.elder_mode_default;
  model_.demo_controls = settings_.demo_controls;
  voice_defaults();
  last_touch_ms_ = clock_.now_ms();
  init_extra_fields();
}

void KioskFlow::start() {
  if (ports_.read_cached_catalog) {
    // The first frame waits neither for reading a county's catalog (megabytes) nor for parsing
    // it (2 000 items take over 100 ms): only its ETag is read here, for the refresh.
    if (auto header = state_.catalog_header()) {
      catalog_etag_ = header->etag;
      ports_.read_cached_catalog();
    }
  } else if (auto cached = state_.catalog()) {
    std::string error;
    if (auto parsed = parse_catalog(cached->body, error)) {
      catalog_etag_ = cached->etag;
      set_catalog(std::move(*parsed));
      logger_.info("flow", "catalog " + catalog_.version + " loaded from cache");
    } else {
      logger_.error("flow", "cached catalog unreadable: " + error);
    }
  }
  if (ports_.refresh_catalog) ports_.refresh_catalog(catalog_etag_);
  // The platform's configuration and a "disable" command outlive a restart.
  if (auto body = state_.value("config.body")) {
    auto config = nlohmann::json::parse(*body, nullptr, false);
    if (config.is_object()) on_config({0, config}, false);
  }
  disabled_by_command_ = state_.value("terminal.disabled_by_command").value_or("0") == "1";
  auto counts = outbox_.counts();
  model_.pending = counts.pending;
  model_.dead = counts.dead;
  if (auto kept = state_.value("display.setting")) {
    if (auto setting = parse_display_setting(*kept)) {
      display_ = *setting;
      logger_.info("flow", "display: " + to_text(display_));
    }
  }
  if (settings_.provisioning && !settings_.enrolled) return open_provisioning(false);
  if (settings_.enrolled && resume_provisioning()) return;
  go(resting_screen());
}

bool KioskFlow::take_dirty() { return std::exchange(dirty_, false); }

void KioskFlow::go(ScreenId screen) {
  if (model_.screen != screen) {
    logger_.info("flow", std::string("screen ") + ui::screen_name(screen));
    ++epoch_;  // taps aimed at the previous screen no longer count
    // Leaving the attract screen is the resident arriving: the idle time starts now, not at the
    // last touch of whoever was here before.
    if (model_.screen == ScreenId::attract || model_.screen == ScreenId::out_of_service)
      last_touch_ms_ = clock_.now_ms();
  }
  model_.screen = screen;
  model_.notice_key.clear();
  model_.help = {};  // a call for help is answered on the screen it was made from
  dirty_ = true;
}

ScreenId KioskFlow::resting_screen() const {
  if (provisioning_) return ScreenId::provisioning;  // nobody is served before the wizard ends
  return out_of_service() ? ScreenId::out_of_service : ScreenId::attract;
}

bool KioskFlow::refuse_when_disabled(const char* what) {
  if (!out_of_service()) return false;
  logger_.info("flow", std::string(what) + " ignored: the platform has disabled this terminal");
  if (model_.screen != ScreenId::out_of_service && !session_.active()) go(ScreenId::out_of_service);
  return true;
}

void KioskFlow::notice(std::string key, bool error) {
  model_.notice_key = std::move(key);
  model_.notice_is_error = error;
  dirty_ = true;
}

void KioskFlow::touched() {
  last_touch_ms_ = clock_.now_ms();
  if (model_.idle_warning) {
    model_.idle_warning = false;
    ++epoch_;
    dirty_ = true;
    update_voice();  // the screen's line again, instead of the warning's
  }
}

void KioskFlow::end_session(const char* why) {
  logger_.info("flow", std::string("session ended: ") + why);
  if (model_.screen == ScreenId::maintenance)
    journal_.audit("maintenance.left", "maintenance", why, clock_.unix_ms());
  clear_pin();
  forget_typing(true);  // the composition, the pad and what the pinyin engine learnt
  session_.wipe();
  eid_pending_ = false;
  after_identify_.clear();
  browsing_ = false;
  ++identity_ticket_;  // an answer still on its way belongs to the resident who left
  receipt_content_ = ReceiptContent{};
  accepted_reply_ = json();
  certificate_job_.clear();
  // The view model holds copies of what the screen showed: overwrite them too.
  drivers::secure_wipe(model_.display_name);
  for (auto& field : model_.fields) {
    drivers::secure_wipe(field.display_value);
    drivers::secure_wipe(field.value);
  }
  drivers::secure_wipe(model_.date.shown);
  region_open_ = false;
  region_page_ = 0;
  for (auto& stroke : model_.signature.ink) std::fill(stroke.begin(), stroke.end(), ui::PenPoint{});
  model_.signature = ui::SignatureView{};
  const ui::ViewModel previous = model_;
  model_ = ui::ViewModel{};
  model_.site_name = previous.site_name;
  model_.demo_controls = previous.demo_controls;
  model_.elder_mode = settings_.elder_mode_default;  // the next resident starts afresh
  voice_defaults();
  // Headphones still in the jack keep speech mode for whoever wears them next; the keypad's
  // audio key was this resident's choice only. Focus and blanking start afresh either way.
  model_.speech.headphones = previous.speech.headphones;
  model_.speech.on = previous.speech.headphones && speech_by_headphones_;
  if (!model_.speech.on) speech_by_headphones_ = false;
  if (model_.speech.on) model_.voice_on = true;
  model_.link_up = previous.link_up;
  model_.link = previous.link;
  model_.link_since = previous.link_since;
  model_.link_reason = previous.link_reason;
  model_.oldest_pending = previous.oldest_pending;
  model_.pending = previous.pending;
  model_.dead = previous.dead;
  model_.queue_stale = previous.queue_stale;
  model_.queue_fault = previous.queue_fault;
  model_.devices = previous.devices;
  model_.screen = previous.screen;  // go() below sees the change of screen
  show_first_category();
  ++identity_ticket_;  // an identity answer still in flight belongs to nobody now
  ++epoch_;
  go(resting_screen());
  run_commands();  // commands that waited for this resident to leave
}

void KioskFlow::set_catalog(Catalog catalog) {
  catalog_ = std::move(catalog);
  // A refresh that arrives mid-session keeps the resident's category if it still exists.
  const bool kept =
      std::any_of(catalog_.categories.begin(), catalog_.categories.end(),
                  [&](const ui::CategoryView& c) { return c.code == model_.category; });
  if (!kept) return show_first_category();
  model_.categories = catalog_.categories;
  model_.items = catalog_.in_category(model_.category);
  dirty_ = true;
}

void KioskFlow::show_first_category() {
  model_.category_page = 0;
  model_.item_page = 0;
  model_.search_open = false;
  model_.search_query.clear();
  model_.results.clear();
  model_.categories = catalog_.categories;
  model_.category = catalog_.categories.empty() ? "" : catalog_.categories.front().code;
  model_.items = catalog_.in_category(model_.category);
  dirty_ = true;
}

const CatalogItem* KioskFlow::current_item() const { return catalog_.find(session_.item_code); }

void KioskFlow::clear_field_errors() {
  for (auto& field : model_.fields) field.error = {};
  model_.form_problems.clear();
}

void KioskFlow::rebuild_fields(const std::string& edited) {
  // Problems on screen stay on their fields while the resident fixes others; the field whose
  // value just changed loses its old problem (form.next checks it again).
  std::map<std::string, ui::Bilingual> shown;
  for (auto& field : model_.fields) {
    if (field.key != edited) shown[field.key] = std::move(field.error);
  }
  model_.fields.clear();
  const CatalogItem* item = current_item();
  if (!item) return;
  for (const FieldDefinition* each : form_fields()) {
    const FieldDefinition& definition = *each;
    ui::FieldView field;
    field.key = definition.key;
    field.label = definition.label;
    field.type = definition.type;
    field.required = definition.required;
    field.options = definition.options;
    field.autofilled = !definition.autofill.empty();
    field.focused = definition.key == session_.focused_field;
    const std::string value = session_.form_values[definition.key];
    field.value = value;
    field.display_value = definition.type == "id_number" ? mask_id_number(value) : value;
    if (definition.type == "materials") {
      // "2 项平台共享，1 项窗口提交": what the checklist says, in one line.
      int shared = 0, on_site = 0, later = 0;
      for (const auto& material : item->view.materials) {
        const auto choice = session_.materials.find(material.code);
        if (material.shared)
          ++shared;
        else if (choice != session_.materials.end() && choice->second == "on_site")
          ++on_site;
        else if (choice != session_.materials.end())
          ++later;
      }
      const ui::Bilingual summary = i18n_.both("materials.summary");
      std::string text;
      for (const auto& [count, key] :
           {std::pair{shared, "materials.n_shared"}, std::pair{on_site, "materials.n_on_site"},
            std::pair{later, "materials.n_later"}}) {
        if (count == 0) continue;
        const ui::Bilingual words = i18n_.both(key);
        const std::string& said = model_.language != ui::Language::zh ? words.en : words.zh;
        text += (text.empty() ? "" : (model_.language != ui::Language::zh ? ", " : "，")) +
                std::to_string(count) + said;
      }
      field.display_value =
          text.empty() ? (model_.language != ui::Language::zh ? summary.en : summary.zh) : text;
    }
    if (auto it = shown.find(definition.key); it != shown.end()) field.error = it->second;
    model_.fields.push_back(std::move(field));
  }
  show_editors();
  dirty_ = true;
}

void KioskFlow::handle_intent(const std::string& id) {
  const auto call = parse_intent(id);
  if (!call) {
    logger_.debug("flow", "unknown intent dropped: " + id.substr(0, 40));
    return;
  }
  const Row* row = nullptr;
  if (model_.idle_warning) {
    // The warning is modal: only its own button answers.
    if (call->intent == Intent::idle_continue) row = &idle_warning_row();
  } else if (model_.help.stage == "choosing") {
    // So are the reasons for help: a reason or cancel.
    for (const Row& candidate : help_choice_rows()) {
      if (candidate.intent == call->intent) row = &candidate;
    }
  } else {
    for (const Row& candidate : table()) {
      if (candidate.screen == model_.screen && candidate.intent == call->intent) row = &candidate;
    }
  }
  // Card and key contents never reach the log: only the intent's name.
  if (!row) {
    logger_.debug("flow", std::string("intent ") + intent_name(call->intent) + " not offered on " +
                              ui::screen_name(model_.screen) + ": dropped");
    return;
  }
  logger_.info("flow", std::string("tap ") + intent_name(call->intent));
  (this->*row->action)(call->arg);
  update_voice();  // a screen the intent led to says its line at once, cutting the last one
  speech_turn();
}

void KioskFlow::act_lang(const std::string&) {
  model_.language = i18n_.next(model_.language);  // round the table's languages
  // The materials row sums itself up in the resident's language.
  if (model_.screen == ScreenId::form || model_.screen == ScreenId::review) rebuild_fields();
  dirty_ = true;
}

void KioskFlow::act_elder(const std::string&) {
  model_.elder_mode = !model_.elder_mode;
  // Fewer entries a page: the pages the resident was on may no longer exist.
  model_.category_page = 0;
  model_.item_page = 0;
  if (model_.screen == ScreenId::form) show_editors();  // fewer divisions a page
  dirty_ = true;
}

namespace {
// Slower limits: twice as long in elder mode, three times in speech mode (a resident listening to
// every button before choosing one).
long long idle_factor(const ui::ViewModel& model) {
  return model.speech.on ? 3 : model.elder_mode ? 2 : 1;
}
}  // namespace

long long KioskFlow::idle_timeout_ms() const {
  return settings_.idle_timeout_ms * idle_factor(model_);
}

long long KioskFlow::idle_countdown_ms() const {
  // WCAG 2.2.1: the warning gives at least 20 s to answer, whatever the configuration says.
  return std::max(kLeastIdleCountdownMs, settings_.idle_countdown_ms) * idle_factor(model_);
}

void KioskFlow::act_home(const std::string&) {
  if (session_.active() || browsing_) {
    after_identify_.clear();
    go(ScreenId::catalog);
  } else {
    end_session("home");
  }
}

void KioskFlow::act_start(const std::string&) {
  if (refuse_when_disabled("start")) return;
  // Finding a service and reading its guide needs nobody's identity: it is asked on apply (a
  // card placed on the attract screen still identifies at once).
  browsing_ = true;
  show_first_category();
  go(ScreenId::catalog);
}

bool KioskFlow::continue_after_identify() {
  const std::string next = std::exchange(after_identify_, "");
  if (next.empty() || !current_item()) return false;
  go(ScreenId::guide);
  if (next == "apply") act_apply("");
  if (next == "certificates") open_certificates();
  return true;
}

void KioskFlow::act_sim_card(const std::string&) {
  if (ports_.present_demo_card) ports_.present_demo_card();
}

void KioskFlow::act_back(const std::string&) {
  switch (model_.screen) {
    case ScreenId::identify:
      if (!after_identify_.empty() && !session_.active()) {
        // Asked on apply: back to the guide they were reading, still browsing.
        after_identify_.clear();
        return go(ScreenId::guide);
      }
      return end_session("back");
    case ScreenId::guide:
      return go(ScreenId::catalog);
    case ScreenId::form:
      return go(ScreenId::guide);
    case ScreenId::certificates:
      if (model_.certificates.printing_id.empty()) go(ScreenId::guide);
      return;
    case ScreenId::review:
      return go(ScreenId::form);
    case ScreenId::sign:
      return go(ScreenId::review);
    case ScreenId::progress:
      if (model_.progress.selected >= 0 && model_.progress.cases.size() > 1) {
        model_.progress.selected = -1;
        dirty_ = true;
        return;
      }
      if (session_.active() || browsing_) return go(ScreenId::catalog);
      return end_session("back");
    default:
      return;
  }
}

void KioskFlow::act_category(const std::string& code) {
  model_.category = code;
  model_.items = catalog_.in_category(model_.category);
  model_.item_page = 0;
  dirty_ = true;
}

void KioskFlow::act_page(const std::string& which) {
  const auto pages = [](std::size_t count, int per_page) {
    return std::max(1, static_cast<int>((count + per_page - 1) / per_page));
  };
  const bool searching = model_.search_open && !model_.search_query.empty();
  const int item_pages = pages(searching ? model_.results.size() : model_.items.size(),
                               ui::items_per_page(model_.elder_mode, model_.search_open));
  const int category_pages =
      pages(model_.categories.size(), ui::categories_per_page(model_.elder_mode));
  if (which == "cat+")
    model_.category_page = std::min(model_.category_page + 1, category_pages - 1);
  if (which == "cat-") model_.category_page = std::max(model_.category_page - 1, 0);
  if (which == "item+") model_.item_page = std::min(model_.item_page + 1, item_pages - 1);
  if (which == "item-") model_.item_page = std::max(model_.item_page - 1, 0);
  dirty_ = true;
}

void KioskFlow::act_search_open(const std::string&) {
  model_.search_open = !model_.search_open;
  model_.search_query.clear();
  model_.results.clear();
  model_.item_page = 0;
  dirty_ = true;
}

void KioskFlow::act_search_key(const std::string& key) {
  std::string& query = model_.search_query;
  if (key == "del") {
    if (!query.empty()) query.pop_back();
  } else if (key == "clear") {
    query.clear();
  } else if (key.size() == 1 && key[0] >= 'A' && key[0] <= 'Z' && query.size() < 24) {
    // A letter after a Chinese word starts a new (pinyin) query.
    if (!query.empty() && static_cast<unsigned char>(query[0]) >= 0x80) query.clear();
    query += key;
  } else if (key.size() <= 24 && static_cast<unsigned char>(key[0]) >= 0x80) {
    query = key;  // a Chinese word chip: searched as typed text
  } else {
    return;
  }
  // Ranked on the UI thread: 2 000 items take well under a frame (bench/ui-bench measures it).
  model_.results = catalog_.search(query, 120);
  model_.item_page = 0;
  dirty_ = true;
}

void KioskFlow::act_item(const std::string& code) {
  const CatalogItem* item = catalog_.find(code);
  if (!item) return;
  session_.item_code = item->view.code;
  model_.item = item->view;
  go(ScreenId::guide);
}

void KioskFlow::act_apply(const std::string&) {
  const CatalogItem* item = current_item();
  if (!item || item->view.mode != "apply") return;
  if (!session_.active()) {
    // Browsing: the identity is asked now, and the form opens once it is given.
    after_identify_ = "apply";
    return go(ScreenId::identify);
  }
  if (!model_.link_up && !item->view.offline_allowed) {
    notice("notice.needs_link", true);
    return;
  }
  session_.form_values.clear();
  session_.regions.clear();
  session_.materials.clear();
  session_.focused_field.clear();
  region_open_ = false;
  region_page_ = 0;
  // What the resident provides is "later" until they say they bring it to the counter.
  for (const auto& material : item->view.materials) {
    if (!material.shared && material.required) session_.materials[material.code] = "later";
  }
  model_.form_page_field.clear();
  // A new form is a new commitment: neither the tick nor the signature of another carries over.
  session_.commitment_accepted = false;
  model_.commitment_accepted = false;
  session_.commitment_heard = false;
  session_.commitment_line.clear();
  act_sign_clear("");
  for (const auto& field : item->form) {
    std::string value;
    if (session_.card) {
      if (field.autofill == "card.name") value = session_.card->name;
      if (field.autofill == "card.id_number") value = session_.card->id_number;
      if (field.autofill == "card.address") value = session_.card->address;
    } else if (session_.subject) {
      if (field.autofill == "card.name") value = session_.subject->name;
      if (field.autofill == "card.id_number") value = session_.subject->id_number;
    }
    if (field.type == "address") {
      prefill_address(field.key, value);
    } else {
      session_.form_values[field.key] = value;
    }
    if (session_.focused_field.empty() && field.autofill.empty())
      session_.focused_field = field.key;
  }
  // The transaction exists from here on: its key is made once, and every Submit of this form
  // is this transaction.
  session_.application = Transaction{Transaction::Stage::draft, store::new_uuid(), ""};
  clear_field_errors();  // a new form starts without problems
  rebuild_fields();
  keyboard_for_focus();
  go(ScreenId::form);
}

void KioskFlow::act_certificates(const std::string&) {
  const CatalogItem* item = current_item();
  if (!session_.active() && item && item->view.mode == "print_certificate") {
    after_identify_ = "certificates";
    return go(ScreenId::identify);
  }
  open_certificates();
}

void KioskFlow::act_field(const std::string& key) {
  session_.focused_field = key;
  region_page_ = 0;
  // An address without a division yet opens on the provinces.
  region_open_ = false;
  if (const FieldDefinition* field = focused_definition(); field && field->type == "address") {
    auto region = session_.regions.find(key);
    region_open_ = settings_.regions.size() > 0 && session_.form_values[key].empty() &&
                   (region == session_.regions.end() || region->second.empty());
  }
  rebuild_fields();
  keyboard_for_focus();
}

void KioskFlow::act_key(const std::string& key) { edit_focused(key); }

void KioskFlow::act_select(const std::string& rest) {
  const auto colon = rest.find(':');
  if (colon == std::string::npos) return;
  const std::string key = rest.substr(0, colon);
  const CatalogItem* item = current_item();
  // Only a field of this form, and only one of its options, can be chosen.
  if (!item || std::none_of(item->form.begin(), item->form.end(),
                            [&](const FieldDefinition& f) { return f.key == key; }))
    return;
  session_.form_values[key] = rest.substr(colon + 1);
  rebuild_fields(key);
}

void KioskFlow::act_form_next(const std::string&) {
  const CatalogItem* item = current_item();
  if (!item) return;
  std::vector<FieldDefinition> form;
  for (const FieldDefinition* field : form_fields()) form.push_back(*field);
  auto problems = check_form(form, session_.form_values, session_.card_type(), today());
  check_regions(problems);
  clear_field_errors();  // the check below is the whole truth about the form
  rebuild_fields();
  for (auto& field : model_.fields) {
    if (auto it = problems.find(field.key); it != problems.end())
      field.error = i18n_.both("error." + it->second);
  }
  if (!problems.empty()) {
    logger_.info("flow", "form has " + std::to_string(problems.size()) + " problem(s)");
    return;
  }
  forget_typing(false);  // pinyin not yet chosen is not part of the answer
  if (session_.delivery.empty() && !item->view.delivery.empty())
    session_.delivery = item->view.delivery.front();
  model_.delivery = session_.delivery;
  model_.commitment_accepted = session_.commitment_accepted;
  model_.missing_materials.clear();
  for (const auto& material : item->view.materials) {
    if (material.required && !material.shared)
      model_.missing_materials.push_back(material.name.pick(model_.language));
  }
  go(ScreenId::review);
}

void KioskFlow::act_delivery(const std::string& method) {
  const CatalogItem* item = current_item();
  if (!item || std::find(item->view.delivery.begin(), item->view.delivery.end(), method) ==
                   item->view.delivery.end())
    return;
  session_.delivery = method;
  model_.delivery = session_.delivery;
  if (method == "express") {
    prefill_delivery();
    rebuild_fields();
    // An address or phone that will not do is completed on the form first.
    for (const FieldDefinition* field : {&delivery_address_field_, &delivery_phone_field_}) {
      std::map<std::string, std::string> problems =
          check_form({*field}, session_.form_values, session_.card_type(), today());
      if (problems.empty()) continue;
      session_.focused_field = field->key;
      rebuild_fields();
      keyboard_for_focus();
      go(ScreenId::form);
      notice("notice.delivery_details", false);
      return;
    }
  }
  dirty_ = true;
}

void KioskFlow::act_commit(const std::string&) {
  session_.commitment_accepted = !session_.commitment_accepted;
  session_.commitment_accepted_ms = clock_.unix_ms();
  model_.commitment_accepted = session_.commitment_accepted;
  if (!session_.commitment_accepted) wipe_signature_png();  // withdrawn: signed no longer
  show_signature();
}

void KioskFlow::act_submit(const std::string&) { submit_application(); }

void KioskFlow::act_cert_print(const std::string& id) { print_certificate(id); }

void KioskFlow::act_reprint(const std::string&) {
  if (model_.receipt.can_reprint) print_receipt(true);
}

void KioskFlow::act_to_evaluate(const std::string&) {
  // One evaluation per visit: made here, stored once however often Submit is tapped.
  if (session_.evaluation.stage == Transaction::Stage::none)
    session_.evaluation = Transaction{Transaction::Stage::draft, store::new_uuid(), ""};
  go(ScreenId::evaluate);
}

void KioskFlow::act_eval(const std::string& level) {
  if (level.size() != 1 || level[0] < '1' || level[0] > '5') return;
  session_.evaluation_level = level[0] - '0';
  model_.evaluation_level = session_.evaluation_level;
  dirty_ = true;
}

void KioskFlow::act_reason(const std::string& reason) {
  auto& reasons = session_.evaluation_reasons;
  if (auto it = std::find(reasons.begin(), reasons.end(), reason); it != reasons.end()) {
    reasons.erase(it);
  } else if (reasons.size() < 16) {
    reasons.push_back(reason);
  }
  model_.evaluation_reasons = reasons;
  dirty_ = true;
}

void KioskFlow::act_eval_submit(const std::string&) { submit_evaluation(); }

void KioskFlow::act_eval_skip(const std::string&) { go(ScreenId::goodbye); }

void KioskFlow::act_finish(const std::string&) { end_session("finished"); }

void KioskFlow::act_idle_continue(const std::string&) { touched(); }

void KioskFlow::edit_focused(const std::string& key) {
  const FieldDefinition* definition = focused_definition();
  if (!definition) return;
  std::string& value = session_.form_values[definition->key];
  if (key == "del") {
    if (!value.empty()) value.pop_back();
  } else if (key == "clear") {
    value.clear();
  } else if (key.size() == 1 && key[0] >= '0' && key[0] <= '9') {
    if (definition->max_len == 0 || static_cast<int>(value.size()) < definition->max_len)
      value += key;
  }
  rebuild_fields(definition->key);
}

void KioskFlow::submit_application() {
  const CatalogItem* item = current_item();
  if (!item || !session_.active()) return;
  Transaction& transaction = session_.application;
  if (transaction.stage != Transaction::Stage::draft) {
    // Saving or stored already: the same transaction, not a second one.
    logger_.info("flow", "submit of a transaction already submitted: ignored");
    return;
  }
  // The screen disables Submit until these hold; the flow does not rely on that.
  const bool signed_up = !item->view.has_commitment ||
                         (session_.commitment_accepted &&
                          (!session_.signature_png_base64.empty() || session_.signature_keyed));
  if (!signed_up || session_.delivery.empty()) {
    notice("notice.accept_first", true);
    return;
  }
  if (!session_.card && !(session_.verified_online && model_.link_up)) {
    // Identified by e-ID: the platform holds the identity, so the application needs the link.
    notice("notice.needs_link", true);
    return;
  }
  if (!ports_.store) {
    notice("notice.store_failed", true);
    return;
  }
  const bool online = session_.verified_online && model_.link_up;
  StoreRequest request;
  request.transaction_id = transaction.id;
  request.kind = "application";
  request.terminal_id = settings_.terminal_id;
  request.day = compact_date_cst(clock_.unix_ms());
  request.payload_takes_local_id = true;
  request.payload = application_payload(*item, session_, catalog_.version, "", online,
                                        rfc3339_cst(clock_.unix_ms()));
  request.now_ms = clock_.unix_ms();
  transaction.stage = Transaction::Stage::saving;
  model_.saving = true;
  go(ScreenId::submitting);
  ports_.store(std::move(request));
}

void KioskFlow::on_stored(const Stored& stored) {
  const bool application = stored.transaction_id == session_.application.id &&
                           session_.application.stage == Transaction::Stage::saving;
  const bool evaluation = stored.transaction_id == session_.evaluation.id &&
                          session_.evaluation.stage == Transaction::Stage::saving;
  if (stored.ok) {
    model_.pending += stored.already ? 0 : 1;
    dirty_ = true;
    if (ports_.wake_sync) ports_.wake_sync();
  }
  if (!application && !evaluation) {
    // A resident who left while it was written: it is stored all the same, and goes out.
    if (stored.ok) logger_.info("flow", stored.kind + " " + stored.local_id + " stored");
    return;
  }
  Transaction& transaction = application ? session_.application : session_.evaluation;
  if (!stored.ok) {
    // Nothing was written (the transaction rolled back): say so before the resident leaves. The
    // same transaction may be submitted again, with the same key.
    transaction.stage = Transaction::Stage::draft;
    model_.saving = false;
    logger_.error("flow", stored.kind + " not stored: " + stored.message);
    if (application) go(ScreenId::review);
    notice(stored.failure == "disk_full" ? "notice.disk_full" : "notice.store_failed", true);
    return;
  }
  transaction.stage = Transaction::Stage::stored;
  transaction.local_id = stored.local_id;
  logger_.info("flow", stored.kind + " " + stored.local_id + " stored" +
                           (stored.already ? " (already, same transaction)" : ""));
  if (evaluation) {
    if (model_.screen == ScreenId::evaluate) go(ScreenId::goodbye);
    return;
  }
  model_.saving = false;
  session_.local_id = stored.local_id;
  session_.awaiting_case = true;
  session_.submit_deadline_ms = clock_.now_ms() + settings_.submit_wait_ms;
  dirty_ = true;
}

void KioskFlow::show_receipt(bool online, const json& reply) {
  const CatalogItem* item = current_item();
  session_.awaiting_case = false;
  ui::ReceiptView& receipt = model_.receipt;
  receipt = ui::ReceiptView{};
  receipt.online = online;
  receipt.local_id = session_.local_id;
  receipt.item_name = item ? item->view.name : ui::Bilingual{};
  receipt.fee_fen = item ? item->view.fee_fen : 0;
  if (online) {
    session_.case_id = text_or(reply, "case_id");
    receipt.case_id = session_.case_id;
    receipt.promised_by = text_or(reply, "promised_by");
    const int fee = field_or(reply, "fee_fen", 0);
    if (fee > 0) receipt.fee_fen = fee;
    receipt.paid_fen = session_.paid_fen;
  }
  go(ScreenId::receipt);
  receipt_content_ = ReceiptContent{settings_.site_name.zh,
                                    settings_.site_name.en,
                                    receipt.item_name.zh,
                                    receipt.item_name.en,
                                    online,
                                    receipt.case_id,
                                    receipt.local_id,
                                    display_time_cst(clock_.unix_ms()),
                                    receipt.promised_by,
                                    receipt.fee_fen,
                                    receipt.paid_fen,
                                    "",
                                    ""};
  if (!session_.delivery.empty()) {
    const ui::Bilingual delivery = i18n_.both("delivery." + session_.delivery);
    receipt_content_.delivery_zh = delivery.zh;
    receipt_content_.delivery_en = delivery.en;
  }
  print_receipt(false);
}

void KioskFlow::print_receipt(bool reprint) {
  ui::ReceiptView& receipt = model_.receipt;
  receipt.can_reprint = false;
  receipt.printed = false;
  if (!ports_.print_receipt || settings_.receipt_template.lines.empty()) {
    receipt.print_problem_key = "receipt.no_printer";
    return;
  }
  const std::string& local_id = receipt_content_.local_id;
  const long long now = clock_.unix_ms();
  const std::string job_id = reprint ? journal_.next_reprint_id(local_id) : local_id;
  const TemplateValues values =
      receipt_values(receipt_content_, reprint ? display_time_cst(now) : "");
  // Journaled before the printer sees it: a job id is handed over once, and a kiosk that stops
  // mid-receipt knows at its next start that a fragment may be on the paper.
  const auto begun = journal_.begin(job_id, local_id, reprint, json(values).dump(), now);
  if (!begun.ok()) {
    logger_.error("receipt", "not printed: " + begun.message);
    receipt.print_problem_key = "receipt.print_failed";
    return;
  }
  if (reprint) journal_.audit("receipt.reprint", local_id, job_id + " asked by the resident", now);
  receipt.print_problem_key = reprint ? "receipt.reprinting" : "receipt.printing";
  dirty_ = true;
  ports_.print_receipt(job_id, fill_receipt_template(settings_.receipt_template, values, i18n_));
}

void KioskFlow::on_printed(const PrintDone& done) {
  const auto finished = journal_.finish(done.job_id, done.printed, done.reason, clock_.unix_ms());
  if (!finished.ok()) logger_.error("receipt", "journal: " + finished.message);
  if (done.printed) {
    logger_.info("receipt", "job " + done.job_id + " printed" +
                                (done.cut_confirmed ? "" : " (cut not confirmed)"));
  } else {
    logger_.error("receipt",
                  "job " + done.job_id + " not printed (" + done.reason + "): " + done.message);
  }
  if (self_test_ && done.job_id == self_test_->receipt_job()) {
    self_test_step("receipt", done.printed,
                   done.printed ? "selftest.receipt.printed" : "selftest.not_printed",
                   done.printed ? (done.cut_confirmed ? "" : "(cut not confirmed)") : done.reason);
    return;
  }
  const std::string& local_id = receipt_content_.local_id;
  const bool ours = !local_id.empty() && model_.screen == ScreenId::receipt &&
                    (done.job_id == local_id || done.job_id.rfind(local_id + "#r", 0) == 0);
  if (!ours) return;
  ui::ReceiptView& receipt = model_.receipt;
  receipt.printed = done.printed;
  if (done.reason == "unconfirmed") {
    // The printer could not confirm it (one that cannot, or a link lost after the receipt went
    // out): it is not sent again, so the resident looks at what came out.
    receipt.print_problem_key = "receipt.check_slip";
  } else if (done.printed) {
    receipt.print_problem_key = done.cut_confirmed ? "" : "receipt.tear_off";
  } else if (done.reason == "paper_out") {
    receipt.print_problem_key = "receipt.paper_out";
  } else if (done.reason == "cover_open") {
    receipt.print_problem_key = "receipt.cover_open";
  } else {
    receipt.print_problem_key = "receipt.print_failed";
  }
  receipt.can_reprint = !done.printed;
  dirty_ = true;
}

void KioskFlow::show_platform_problems(const PlatformError& error) {
  session_.awaiting_case = false;
  // The refused entry is dead-lettered: a corrected form is a new transaction.
  session_.application = Transaction{Transaction::Stage::draft, store::new_uuid(), ""};
  if (error.code != "invalid_fields") {
    go(ScreenId::review);
    notice("notice.rejected", true);
    return;
  }
  // One-time notification: every problem the platform found, shown together on the form.
  clear_field_errors();
  rebuild_fields();
  for (const auto& problem : error.fields) {
    const std::string field = text_or(problem, "field");
    const nlohmann::json said = field_or(problem, "message", nlohmann::json::object());
    ui::Bilingual message{text_or(said, "zh"), text_or(said, "en")};
    if (message.zh.empty())
      message = i18n_.both("error." + text_or(problem, "code", "invalid_format"));
    bool placed = false;
    // form.<key>, the express delivery's own fields, and a material of the item's checklist.
    const CatalogItem* item = current_item();
    const bool listed_material =
        item &&
        std::any_of(item->view.materials.begin(), item->view.materials.end(),
                    [&](const ui::MaterialView& m) { return "materials." + m.code == field; });
    for (auto& view : model_.fields) {
      if ("form." + view.key == field || view.key == field ||
          (view.key == "materials" && listed_material)) {
        view.error = message;
        placed = true;
      }
    }
    if (!placed)
      model_.form_problems.push_back({field + ": " + message.zh, field + ": " + message.en});
  }
  go(ScreenId::form);
  notice("notice.fix_fields", true);
}

void KioskFlow::submit_evaluation() {
  const CatalogItem* item = current_item();
  // A case rated from 办件查询 names its item by code; the catalog need not hold it (yet).
  CatalogItem by_code;
  by_code.view.code = session_.item_code;
  if (!item && !session_.item_code.empty()) item = &by_code;
  Transaction& transaction = session_.evaluation;
  if (!item || session_.evaluation_level == 0) return;
  if (transaction.stage != Transaction::Stage::draft) {
    logger_.info("flow", "evaluation already submitted: ignored");
    return;
  }
  if (!ports_.store) {
    notice("notice.store_failed", true);
    return;
  }
  StoreRequest request;
  request.transaction_id = transaction.id;
  request.kind = "evaluation";
  request.terminal_id = settings_.terminal_id;
  request.day = compact_date_cst(clock_.unix_ms());
  request.local_id = session_.local_id;  // empty: a number of its own
  request.local_id_suffix = "-E";
  request.parent_local_id = session_.local_id;
  request.payload = evaluation_payload(*item, session_, rfc3339_cst(clock_.unix_ms()));
  request.now_ms = clock_.unix_ms();
  transaction.stage = Transaction::Stage::saving;
  ports_.store(std::move(request));  // goodbye once it is stored
}

}  // namespace yiwang::kiosk
