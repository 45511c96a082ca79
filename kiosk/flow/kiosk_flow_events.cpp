// KioskFlow's reactions to other threads (card reads, platform answers, sync outcomes, devices)
// and its timers (idle warning and wipe, the wait for a case number).
#include <algorithm>
#include <set>

#include "core/json_fields.h"
#include "flow/kiosk_flow.h"
#include "flow/masking.h"
#include "flow/payloads.h"

namespace yiwang::kiosk {

using nlohmann::json;
using ui::ScreenId;

void KioskFlow::on_card(drivers::IdCard card) {
  if (self_test_card(card)) return;
  if (refuse_when_disabled("card")) {
    card.wipe();
    return;
  }
  const bool on_progress = model_.screen == ScreenId::progress && !session_.active();
  if (model_.screen != ScreenId::attract && model_.screen != ScreenId::identify && !on_progress) {
    card.wipe();
    return;  // a card placed mid-journey does not switch residents
  }
  touched();  // a card is the resident acting, as a touch is
  if (model_.screen == ScreenId::attract) go(ScreenId::identify);
  const drivers::CardCheck check = drivers::check_card(card, compact_date_cst(clock_.unix_ms()));
  if (check != drivers::CardCheck::valid) {
    logger_.warning("flow", "card refused: " + std::string(drivers::to_string(check)));
    const drivers::CardType type = card.type;
    card.wipe();
    const char* expired = type == drivers::CardType::hmtResidence ? "identify.permit_expired"
                          : type == drivers::CardType::resident   ? "identify.card_expired"
                                                                  : "identify.foreign_card_expired";
    notice(check == drivers::CardCheck::expired ? expired : "identify.card_invalid", true);
    return;
  }
  if (session_.card) session_.card->wipe();
  session_.card = std::move(card);
  logger_.info("flow", "card read, verifying");
  notice("identify.verifying", false);
  if (ports_.verify_identity) {
    ports_.verify_identity(++identity_ticket_,
                           {{"method", "idcard"}, {"card", card_json(*session_.card)}});
  }
}

void KioskFlow::on_identity(const PlatformAnswer& answer) {
  if (answer.ticket != identity_ticket_ || (!session_.card && !eid_pending_)) return;
  const bool by_eid = eid_pending_;
  eid_pending_ = false;
  if (answer.ok) {
    session_.person_token = text_or(answer.body, "person_token");
    session_.display_name = text_or(answer.body, "display_name");
    session_.verified_online = true;
    session_.identified_by_eid = by_eid;
    model_.display_name = session_.display_name;
    if (by_eid) {
      // The verified subject fills the form as a card would; a subject without a valid number
      // for its card type fills nothing (the resident types it, the form checks it).
      const nlohmann::json subject = field_or(answer.body, "subject", nlohmann::json::object());
      const std::string type = text_or(subject, "card_type", "resident");
      const std::string number = text_or(subject, "id_number");
      ResidentSession::Subject verified;
      verified.card_type = type == "hmt_residence"       ? drivers::CardType::hmtResidence
                           : type != "foreign_permanent" ? drivers::CardType::resident
                           : number.size() == 15         ? drivers::CardType::foreignPermanent2017
                                                         : drivers::CardType::foreignPermanent2023;
      verified.id_number = number;
      verified.name = text_or(subject, "name").substr(0, 200);
      if (drivers::card_number_valid(verified.card_type, verified.id_number))
        session_.subject = std::move(verified);
    }
    logger_.info("flow",
                 by_eid ? "identity verified online (e-ID code)" : "identity verified online");
    if (model_.screen == ScreenId::progress) return list_own_cases();
    if (continue_after_identify()) return;
    go(ScreenId::catalog);
    return;
  }
  const PlatformError& error = answer.error;
  const bool link_trouble =
      error.error_class == ErrorClass::link || error.error_class == ErrorClass::transient;
  if (by_eid) {
    // An e-ID code is only a reference the platform resolves: without it there is no identity.
    logger_.warning("flow", "e-ID code not verified: " + error.summary());
    notice(link_trouble ? "identify.eid_needs_link" : "identify.eid_invalid", true);
    return;
  }
  if (link_trouble && model_.screen == ScreenId::progress) {
    // Cases live on the platform: without it only those still queued here can be listed.
    model_.progress.message_key = "case.needs_link";
    model_.progress.message_error = true;
    dirty_ = true;
    add_queued_cases();
    return;
  }
  if (link_trouble) {
    // Offline: the chip read is the identity; the platform checks it again when the queue drains.
    session_.display_name = mask_name(session_.card->display_name());
    model_.display_name = session_.display_name;
    logger_.warning("flow",
                    "identity not verified online (" + error.summary() + "): continuing offline");
    if (continue_after_identify()) return;
    go(ScreenId::catalog);
    notice("notice.offline_identity", false);
    return;
  }
  logger_.warning("flow", "identity refused: " + error.summary());
  session_.card->wipe();
  session_.card.reset();
  notice(error.code == "card_expired"   ? "identify.card_expired"
         : error.code == "card_revoked" ? "identify.card_revoked"
                                        : "identify.rejected",
         true);
}

void KioskFlow::on_catalog(const PlatformAnswer& answer) {
  // A reload_catalog command that is running ends with this answer.
  const bool commanded = running_type_ == "reload_catalog";
  if (!answer.ok) {
    logger_.warning("flow", "catalog refresh failed: " + answer.error.summary());
    if (commanded) finish_command(running_command_, false, answer.error.summary());
    return;
  }
  if (answer.not_modified) {
    logger_.info("flow", "catalog unchanged (304)");
    if (commanded) finish_command(running_command_, true, "catalog unchanged");
    return;
  }
  std::string error;
  auto parsed = parse_catalog(answer.body, error);
  if (!parsed) {
    logger_.error("flow", "catalog from the platform rejected: " + error);
    if (commanded) finish_command(running_command_, false, "catalog rejected: " + error);
    return;
  }
  auto status =
      state_.store_catalog({parsed->version, answer.etag, answer.body.dump(), clock_.unix_ms()});
  if (!status.ok()) logger_.error("flow", "catalog not cached: " + status.message);
  catalog_etag_ = answer.etag;
  logger_.info("flow", "catalog " + parsed->version + " loaded from the platform");
  const std::string version = parsed->version;
  set_catalog(std::move(*parsed));
  if (commanded) {
    finish_command(
        running_command_, true,
        "catalog " + version + " loaded (" + std::to_string(catalog_.items.size()) + " items)");
  }
}

void KioskFlow::on_cached_catalog(CatalogParsed& parsed) {
  if (!parsed.catalog) {
    logger_.error("flow", "cached catalog unreadable: " + parsed.error);
    // The refresh asked with the cache's ETag may hear 304: ask again for the whole catalog.
    catalog_etag_.clear();
    if (ports_.refresh_catalog) ports_.refresh_catalog("");
    return;
  }
  if (!catalog_.version.empty()) return;  // the platform's fresher catalog came first
  set_catalog(std::move(*parsed.catalog));
  logger_.info("flow", "catalog " + catalog_.version + " loaded from cache (" +
                           std::to_string(catalog_.items.size()) + " items)");
}

void KioskFlow::on_scan(const drivers::ScanEvent& scan) {
  if (self_test_scan(scan)) return;  // (nothing of it logged: it may be a resident's e-ID)
  if (scan.kind != drivers::ScanEvent::Kind::scanned) {
    logger_.warning("scanner", "scan rejected: " + scan.message);
    notice("scan.unreadable", true);
    return;
  }
  const ScanContent content = classify_scan(scan.code);
  // Only the kind and size are logged: a scanned code may be a resident's e-ID.
  logger_.info("scanner", std::string(to_string(content.kind)) + " code scanned (" +
                              std::to_string(scan.code.size()) + " bytes)");
  if (model_.screen == ScreenId::provisioning) return provisioning_scan(scan, content);
  switch (content.kind) {
    case ScanKind::rejected:
      logger_.warning("scanner", "code rejected: " + content.reason);
      notice("scan.rejected", true);
      return;
    case ScanKind::unknown:
      notice("scan.unknown", true);
      return;
    case ScanKind::eid:
      on_eid_code(scan.code);
      return;
    case ScanKind::tracking:
      on_tracking_code(content);
      return;
    case ScanKind::provisioning:
      break;
  }
  if (session_.active()) {
    logger_.warning("platform", "provisioning code ignored: a resident is using the kiosk");
    return;
  }
  if (settings_.enrolled && model_.link != "held") {
    logger_.warning("platform",
                    "provisioning code ignored: this terminal is enrolled and its certificate is "
                    "accepted (re-enrollment only after the platform refuses it)");
    return;
  }
  if (!ports_.enroll) return;
  logger_.info("platform", "provisioning code scanned: enrolling");
  notice("notice.enrolling", false);
  ports_.enroll(scan.code);
}

void KioskFlow::on_eid_code(const std::string& code) {
  if (refuse_when_disabled("e-ID code")) return;
  if ((model_.screen != ScreenId::attract && model_.screen != ScreenId::identify &&
       model_.screen != ScreenId::progress) ||
      session_.active()) {
    logger_.info("flow", "e-ID code ignored: a resident is already identified");
    return;
  }
  touched();
  if (model_.screen == ScreenId::attract) go(ScreenId::identify);
  eid_pending_ = true;
  notice("identify.verifying", false);
  if (ports_.verify_identity)
    ports_.verify_identity(++identity_ticket_, {{"method", "qr"}, {"token", code}});
}

void KioskFlow::on_tracking_code(const ScanContent& content) {
  // Where a resident can start something, a receipt's code opens 办件查询; mid-journey it only
  // says the status in a banner.
  if (model_.screen == ScreenId::attract || model_.screen == ScreenId::catalog ||
      model_.screen == ScreenId::progress) {
    if (refuse_when_disabled("tracking code")) return;
    return track_on_progress(content);
  }
  if (!ports_.query_case) return;
  notice("case.looking_up", false);
  ports_.query_case(++case_ticket_, content.case_id.empty()
                                        ? "/v1/applications?local_id=" + content.local_id
                                        : "/v1/applications/" + content.case_id);
}

void KioskFlow::on_case_status(const PlatformAnswer& answer) {
  if (answer.ticket != case_ticket_) return;
  if (model_.screen == ScreenId::progress) return show_cases(answer);
  if (!answer.ok) {
    const bool link_trouble = answer.error.error_class == ErrorClass::link ||
                              answer.error.error_class == ErrorClass::transient;
    logger_.warning("flow", "case lookup: " + answer.error.summary());
    notice(link_trouble ? "case.needs_link" : "case.not_found", true);
    return;
  }
  // One case, or the list a provisional number finds (empty until the outbox has sent it).
  const nlohmann::json* found = &answer.body;
  if (answer.body.is_array()) {
    if (answer.body.empty()) {
      notice("case.not_yet_sent", false);
      return;
    }
    found = &answer.body.back();
  }
  static const std::set<std::string> kKnown{"submitted", "accepted", "in_review", "completed",
                                            "rejected"};
  const std::string status = text_or(*found, "status");
  notice(kKnown.count(status) ? "case.status." + status : std::string("case.status.other"), false);
}

void KioskFlow::on_enrollment(const PlatformAnswer& answer) {
  if (!answer.ok) {
    logger_.error("platform", "enrollment failed: " + answer.error.title);
    journal_.audit("provisioning.enroll_failed", "provisioning", answer.error.code,
                   clock_.unix_ms());
    if (provisioning_) return provisioning_enrolled(answer);
    notice("notice.enroll_failed", true);
    return;
  }
  settings_.enrolled = true;
  settings_.terminal_id = text_or(answer.body, "terminal_id", settings_.terminal_id);
  const std::string site_zh = text_or(answer.body, "site_zh");
  if (!site_zh.empty()) {
    settings_.site_name = {site_zh, text_or(answer.body, "site_en", site_zh)};
    model_.site_name = settings_.site_name;
  }
  journal_.audit("provisioning.enrolled", "provisioning", settings_.terminal_id, clock_.unix_ms());
  // The platform's configuration comes with the enrollment, the maintenance PIN's Argon2id hash
  // among it: the kiosk has no built-in PIN.
  const nlohmann::json config = field_or(answer.body, "config", json::object());
  if (config.is_object()) {
    on_config({0, config}, false);
    if (config.contains("maintenance_pin_hash") && config["maintenance_pin_hash"].is_string()) {
      const auto status = pin_guard_.set_pin_hash(config["maintenance_pin_hash"], "enrollment");
      if (!status.ok())
        logger_.warning("flow", "maintenance PIN from enrollment: " + status.message);
    }
  }
  if (ports_.enrolled) ports_.enrolled();
  if (ports_.refresh_catalog) ports_.refresh_catalog(catalog_etag_);
  if (provisioning_) return provisioning_enrolled(answer);
  notice("notice.enrolled", false);
}

void KioskFlow::on_sync(const SyncOutcome& outcome) {
  // Matched by the transaction's own id, never by an outbox row id (SQLite reuses those).
  const bool this_transaction =
      !session_.application.id.empty() && outcome.transaction_id == session_.application.id;
  const bool ours =
      this_transaction && session_.awaiting_case && model_.screen == ScreenId::submitting;
  if (outcome.result == SyncOutcome::Result::accepted && this_transaction && !ours) {
    session_.case_id = text_or(outcome.reply, "case_id");  // arrived after the offline receipt
  }
  if (!ours) return;
  switch (outcome.result) {
    case SyncOutcome::Result::accepted:
      if (wants_payment(outcome.reply)) {
        start_payment(outcome.reply);
      } else {
        show_receipt(true, outcome.reply);
      }
      break;
    case SyncOutcome::Result::rejected:
      show_platform_problems(outcome.error);
      break;
    case SyncOutcome::Result::retrying:
    case SyncOutcome::Result::held:
      show_receipt(false, json::object());
      break;
  }
}

void KioskFlow::on_device(const drivers::DeviceStatus& status) {
  // Printers say what is wrong with the paper on the status line: low, out or jammed.
  std::string shown(drivers::to_string(status.state));
  if (status.paper == drivers::PaperState::low || status.paper == drivers::PaperState::out ||
      status.paper == drivers::PaperState::jammed)
    shown = "paper_" + std::string(drivers::to_string(status.paper));
  // A reader still working on a line that damages its replies says so (drivers/idcard).
  if (status.state == drivers::DeviceState::online &&
      status.detail.rfind("communication errors", 0) == 0)
    shown = "communication_errors";
  model_.devices[status.name] = shown;
  if (shown != "online" && shown != "starting")
    device_problems_[status.name] =
        display_time_cst(clock_.unix_ms()) + "  " + shown +
        (status.detail.empty() ? "" : ": " + status.detail.substr(0, 120));
  // Where a card can be placed, the resident hears of a reader in trouble (and of its return).
  if (status.name == "idcard" &&
      (model_.screen == ScreenId::attract || model_.screen == ScreenId::identify)) {
    if (shown == "communication_errors") {
      notice("identify.reader_trouble", true);
    } else if (model_.notice_key == "identify.reader_trouble") {
      model_.notice_key.clear();
    }
  }
  logger_.info("device", status.name + " " + std::string(drivers::to_string(status.state)) +
                             (status.detail.empty() ? "" : ": " + status.detail));
  dirty_ = true;
}

void KioskFlow::handle_event(AppEvent event) {
  std::visit(
      [this](auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, drivers::CardReaderEvent>) {
          if (e.kind == drivers::CardReaderEvent::Kind::cardRead) {
            on_card(std::move(e.card));
          } else if (e.kind == drivers::CardReaderEvent::Kind::cardRemoved) {
            // A card taken away is a card event, not a change of the reader's state.
            logger_.debug("idcard", "card removed");
          } else if (e.kind == drivers::CardReaderEvent::Kind::readFailed) {
            logger_.warning("idcard", "read failed: " + e.message);
            if (model_.screen == ScreenId::identify) {
              notice(e.failure == drivers::FailureKind::retry ? "identify.read_retry"
                                                              : "identify.read_fault",
                     true);
            }
          } else {
            on_device(e.status);
          }
        } else if constexpr (std::is_same_v<T, drivers::ScanEvent>) {
          if (e.kind == drivers::ScanEvent::Kind::statusChanged) {
            on_device(e.status);
          } else {
            on_scan(e);
          }
        } else if constexpr (std::is_same_v<T, drivers::KeypadEvent>) {
          if (e.kind == drivers::KeypadEvent::Kind::statusChanged) {
            on_device(e.status);
          } else {
            on_keypad(e);
          }
        } else if constexpr (std::is_same_v<T, SyncOutcome>) {
          on_sync(e);
        } else if constexpr (std::is_same_v<T, LinkChanged>) {
          on_link(e);
        } else if constexpr (std::is_same_v<T, QueueChanged>) {
          model_.pending = e.pending;
          model_.dead = e.dead;
          model_.oldest_pending =
              e.oldest_pending_created_ms ? display_time_cst(e.oldest_pending_created_ms) : "";
          model_.queue_stale = e.stale;
          model_.queue_fault = e.held_reason.empty() ? "" : "status.queue." + e.held_reason;
          dirty_ = true;
        } else if constexpr (std::is_same_v<T, Stored>) {
          on_stored(e);
        } else if constexpr (std::is_same_v<T, PlatformAnswer>) {
          if (e.purpose == "identity") on_identity(e);
          if (e.purpose == "catalog") on_catalog(e);
          if (e.purpose == "enroll") on_enrollment(e);
          if (e.purpose == "certificate.renewal") {
            // Audited either way; once the new pair is stored the link is rebuilt with it.
            journal_.audit(e.ok ? "certificate.renewed" : "certificate.renewal_failed",
                           "certificate", e.ok ? "" : e.error.title.substr(0, 200),
                           clock_.unix_ms());
            if (e.ok && ports_.enrolled) ports_.enrolled();
          }
          if (e.purpose == "certificates") on_certificates(e);
          if (e.purpose == "case.status") on_case_status(e);
          if (e.purpose == "certificate.document") on_certificate_document(e);
          if (e.purpose == "command") on_command_answer(e);
          if (e.purpose == "self_test.voice")
            self_test_step("voice", e.ok, e.ok ? "selftest.voice.played" : "selftest.voice.failed",
                           e.error.detail);
          if (e.purpose == "payment.order") on_payment_order(e);
          if (e.purpose == "payment.status") on_payment_status(e);
          if (e.purpose == "help.request") on_help_answer(e);
        } else if constexpr (std::is_same_v<T, PrintDone>) {
          on_printed(e);
        } else if constexpr (std::is_same_v<T, CertificatePrintDone>) {
          on_certificate_printed(e);
        } else if constexpr (std::is_same_v<T, RemoteCommand>) {
          on_remote_command(std::move(e));
        } else if constexpr (std::is_same_v<T, ConfigReceived>) {
          on_config(e, true);
        } else if constexpr (std::is_same_v<T, CatalogParsed>) {
          on_cached_catalog(e);
        } else if constexpr (std::is_same_v<T, VoicePlayed>) {
          on_voice_played(e);
        }
      },
      event);
  update_voice();  // a screen or a number the event brought is said at once
}

void KioskFlow::on_link(const LinkChanged& link) {
  model_.link_up = link.up();
  model_.link = to_string(link.state);
  model_.link_since = link.since_unix_ms ? display_time_cst(link.since_unix_ms) : "";
  model_.link_reason = link.reason_code.empty() ? "" : "status.reason." + link.reason_code;
  link_history_.push_front(
      display_time_cst(link.since_unix_ms ? link.since_unix_ms : clock_.unix_ms()) + "  " +
      model_.link + (link.reason_code.empty() ? "" : "  " + link.reason_code));
  if (link_history_.size() > 10) link_history_.pop_back();
  dirty_ = true;
  // The link lost while the resident chooses a reason for help: nobody would hear it, so the
  // 12345 hotline and the hours at once, as if help had been asked for offline.
  if (!model_.link_up && model_.help.stage == "choosing") {
    logger_.info("help", "link lost while choosing a reason: hotline shown");
    model_.help.stage = "offline";
    ++epoch_;
  }
  // Residents see the out-of-service screen while the platform has switched the terminal off;
  // a resident already served finishes (their work is queued and kept).
  // The platform refuses this terminal's expired certificate: the wizard's re-enroll step, once
  // nobody is being served (a resident's work is queued and kept meanwhile).
  if (settings_.enrolled && !provisioning_ && link.state == LinkState::held &&
      link.reason_code == "certificate_expired" && !session_.active() &&
      (model_.screen == ScreenId::attract || model_.screen == ScreenId::out_of_service)) {
    return open_provisioning(true);
  }
  if (!session_.active() &&
      (model_.screen == ScreenId::attract || model_.screen == ScreenId::out_of_service ||
       model_.screen == ScreenId::identify)) {
    if (resting_screen() != model_.screen) go(resting_screen());
  }
}

void KioskFlow::tick() {
  run_timers();
  update_voice();
  caption_clock();
  speech_turn();
}

void KioskFlow::run_timers() {
  run_commands();  // those that waited for a resident to leave
  self_test_tick();
  const long long now = clock_.now_ms();
  if (model_.screen == ScreenId::submitting && session_.awaiting_case &&
      now >= session_.submit_deadline_ms) {
    logger_.warning("flow", "no answer in time: provisional receipt");
    show_receipt(false, json::object());
  }
  payment_tick(now);
  keyboard_tick(now);
  // A pending order is bounded by its own expiry: a resident paying on their phone is not idle.
  const bool paying = model_.screen == ScreenId::payment &&
                      (model_.payment.stage == "pending" || model_.payment.stage == "creating");
  const bool timed =
      model_.screen != ScreenId::attract && model_.screen != ScreenId::out_of_service &&
      model_.screen != ScreenId::provisioning && model_.screen != ScreenId::submitting && !paying;
  if (!timed) {
    if (model_.idle_warning) {
      model_.idle_warning = false;
      ++epoch_;
      dirty_ = true;
    }
    // The reasons for help asked for on attract (no session: no idle warning) and left there
    // close after the idle time, so that the next resident finds the attract screen.
    if (model_.help.stage == "choosing" && now - last_touch_ms_ >= idle_timeout_ms()) {
      logger_.info("help", "reasons for help left unanswered: closed");
      model_.help = {};
      ++epoch_;
      dirty_ = true;
    }
    return;
  }
  const long long idle = now - last_touch_ms_;
  if (idle >= idle_timeout_ms() + idle_countdown_ms() && model_.screen == ScreenId::payment) {
    // Walked away from an order that ended: the receipt (fee still due) is printed all the
    // same, and the receipt screen times out in its turn.
    logger_.info("payment", "idle on the payment screen: receipt with the fee due");
    model_.idle_warning = false;
    ++epoch_;
    last_touch_ms_ = now;
    show_receipt(true, accepted_reply_);
  } else if (idle >= idle_timeout_ms() + idle_countdown_ms()) {
    end_session("idle timeout");
  } else if (idle >= idle_timeout_ms()) {
    const int left =
        static_cast<int>((idle_timeout_ms() + idle_countdown_ms() - idle + 999) / 1000);
    if (!model_.idle_warning || model_.idle_seconds_left != left) {
      if (!model_.idle_warning) ++epoch_;  // the warning covers the screen: older taps are void
      model_.idle_warning = true;
      model_.idle_seconds_left = left;
      model_.idle_seconds_total = static_cast<int>(idle_countdown_ms() / 1000);
      dirty_ = true;
    }
  }
}

std::optional<long long> KioskFlow::next_timer_ms() const {
  const long long now = clock_.now_ms();
  if (self_test_running() &&
      (model_.screen == ScreenId::attract || model_.screen == ScreenId::out_of_service ||
       model_.screen == ScreenId::provisioning)) {
    return std::max(0LL, self_test_->deadline_ms() - now);  // a remote test's deadline
  }
  if (model_.screen == ScreenId::submitting && session_.awaiting_case) {
    return std::max(0LL, session_.submit_deadline_ms - now);
  }
  if (model_.screen == ScreenId::payment && model_.payment.stage == "pending") {
    // The countdown's next second, or the next poll if that comes first.
    const long long second = 1000 - clock_.unix_ms() % 1000;
    return std::clamp(session_.payment_next_poll_ms - now, 0LL, second);
  }
  if (model_.screen == ScreenId::payment && model_.payment.stage == "creating") return std::nullopt;
  std::optional<long long> keyboard;  // the pen resting, the pinyin engine still loading
  if (model_.screen == ScreenId::form && typing_.ink_rest_due_ms != 0)
    keyboard = std::max(0LL, typing_.ink_rest_due_ms - now);
  if (model_.screen == ScreenId::form && model_.keyboard.mode == "pinyin" &&
      !model_.keyboard.engine_ready)
    keyboard = std::min(keyboard.value_or(100), 100LL);
  if (model_.screen == ScreenId::attract || model_.screen == ScreenId::out_of_service ||
      model_.screen == ScreenId::submitting || model_.screen == ScreenId::provisioning) {
    if (model_.help.stage == "choosing")  // closed after the idle time (run_timers)
      return std::max(0LL, last_touch_ms_ + idle_timeout_ms() - now);
    return std::nullopt;
  }
  const long long idle = now - last_touch_ms_;
  const long long idle_due = idle < idle_timeout_ms() ? idle_timeout_ms() - idle
                                                      : 1000 - (idle - idle_timeout_ms()) % 1000;
  return std::min(idle_due, keyboard.value_or(idle_due));
}

}  // namespace yiwang::kiosk
