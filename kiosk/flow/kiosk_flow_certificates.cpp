// The certificate part of the journey: list the resident's certificates, print one on the A4
// printer, tell the resident how it went, and keep an audit line with the verification code.
#include <algorithm>

#include "core/json_fields.h"
#include "flow/kiosk_flow.h"

namespace yiwang::kiosk {

using nlohmann::json;
using ui::ScreenId;

void KioskFlow::open_certificates() {
  const CatalogItem* item = current_item();
  if (model_.screen != ScreenId::guide || !item || item->view.mode != "print_certificate") return;
  if (session_.person_token.empty()) {
    // Only a resident the platform has verified has certificates to print.
    notice("notice.certificates_need_identity", true);
    return;
  }
  if (!model_.link_up) {
    notice("notice.needs_link", true);  // certificates come from the platform, never queued
    return;
  }
  model_.certificates = ui::CertificatesView{};
  go(ScreenId::certificates);
  if (!ports_.list_certificates) {
    model_.certificates.message_key = "certificates.failed";
    model_.certificates.message_error = true;
    return;
  }
  model_.certificates.loading = true;
  ports_.list_certificates(++certificates_ticket_, session_.person_token);
}

void KioskFlow::on_certificates(const PlatformAnswer& answer) {
  if (answer.ticket != certificates_ticket_ || model_.screen != ScreenId::certificates) return;
  ui::CertificatesView& view = model_.certificates;
  view.loading = false;
  dirty_ = true;
  if (!answer.ok || !answer.body.is_array()) {
    logger_.warning("certificates", "list: " + answer.error.summary());
    view.message_key = "certificates.failed";
    view.message_error = true;
    return;
  }
  for (const auto& entry : answer.body) {
    ui::CertificateView certificate;
    certificate.id = text_or(entry, "certificate_id");
    if (certificate.id.empty()) continue;
    const json name = field_or(entry, "name", json::object());
    const json issuer = field_or(entry, "issuer", json::object());
    certificate.name = {text_or(name, "zh"), text_or(name, "en")};
    certificate.issuer = {text_or(issuer, "zh"), text_or(issuer, "en")};
    certificate.issued = text_or(entry, "issued_at").substr(0, 10);
    view.list.push_back(std::move(certificate));
  }
  if (view.list.empty()) view.message_key = "certificates.none";
}

void KioskFlow::print_certificate(const std::string& certificate_id) {
  ui::CertificatesView& view = model_.certificates;
  if (!view.printing_id.empty()) return;  // one at a time: a second tap prints nothing more
  const bool listed =
      std::any_of(view.list.begin(), view.list.end(),
                  [&](const ui::CertificateView& c) { return c.id == certificate_id; });
  if (!listed) return;
  if (!ports_.print_certificate) {
    view.message_key = "certificates.no_printer";
    view.message_error = true;
    return;
  }
  certificate_job_ = certificate_id + "@" + std::to_string(clock_.unix_ms());
  view.printing_id = certificate_id;
  view.message_key = "certificates.printing";
  view.message_error = false;
  logger_.info("certificates", "printing " + certificate_id + " as job " + certificate_job_);
  ports_.print_certificate(certificate_job_, certificate_id);
}

void KioskFlow::on_certificate_document(const PlatformAnswer& answer) {
  const std::string job = answer.ok ? text_or(answer.body, "job_id") : certificate_job_;
  const std::string id = job.substr(0, job.find('@'));
  if (answer.ok) {
    journal_.audit(
        "certificate.sent", id,
        "job " + job + ", verification code " + text_or(answer.body, "verification_code"),
        clock_.unix_ms());
    return;  // the printer reports how it ends
  }
  journal_.audit("certificate.refused", id, answer.error.code, clock_.unix_ms());
  logger_.error("certificates", "not printed: " + answer.error.summary());
  if (job != certificate_job_ || model_.screen != ScreenId::certificates) return;
  certificate_job_.clear();
  ui::CertificatesView& view = model_.certificates;
  view.printing_id.clear();
  view.message_key = answer.error.code == "digest_mismatch" ? "certificates.digest_mismatch"
                                                            : "certificates.failed";
  view.message_error = true;
  dirty_ = true;
}

void KioskFlow::on_certificate_printed(const CertificatePrintDone& done) {
  if (self_test_ && done.job_id == self_test_->page_job()) {
    if (!done.completed) logger_.error("selftest", "A4 test page: " + done.message);
    self_test_step("certificate", done.completed,
                   done.completed ? "selftest.certificate.printed" : "selftest.not_printed",
                   done.reason);
    return;
  }
  const std::string id = done.job_id.substr(0, done.job_id.find('@'));
  journal_.audit(done.completed ? "certificate.printed" : "certificate.not_printed", id,
                 "job " + done.job_id + (done.reason.empty() ? "" : ": " + done.reason),
                 clock_.unix_ms());
  if (!done.completed) logger_.error("certificates", done.job_id + ": " + done.message);
  if (done.job_id != certificate_job_ || model_.screen != ScreenId::certificates) return;
  certificate_job_.clear();
  ui::CertificatesView& view = model_.certificates;
  view.printing_id.clear();
  view.message_error = !done.completed;
  const std::string& r = done.reason;
  view.message_key = done.completed       ? "certificates.printed"
                     : r == "media_empty" ? "certificates.paper_out"
                     : r == "no_device"   ? "certificates.no_printer"
                     : r == "timed_out"   ? "certificates.timed_out"
                     : r == "queue_paused" || r == "printer_stopped" || r == "media_jam" ||
                             r == "cover_open" || r == "not_accepting"
                         ? "certificates.printer_stopped"
                         : "certificates.failed";
  dirty_ = true;
}

}  // namespace yiwang::kiosk
