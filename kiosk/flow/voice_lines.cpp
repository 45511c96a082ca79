// The spoken line of every resident screen: translation keys voice.*, dynamic content filled in.
#include "flow/voice_lines.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "toolkit/screen.h"

namespace yiwang::kiosk {

using ui::Language;
using ui::ScreenId;

namespace {

// Replaces every "{name}" in text with value.
std::string fill(std::string text, const std::string& name, const std::string& value) {
  const std::string mark = "{" + name + "}";
  for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
    text.replace(at, mark.size(), value);
  return text;
}

struct Line {
  const ui::ViewModel& model;
  const ui::Translator& translator;
  std::string key;
  std::string text;

  std::string t(const std::string& k) const { return translator.text(k, model.language); }
  // Adds the sentence of key (the first one names the line).
  Line& say(const std::string& k) {
    if (key.empty()) key = k;
    const std::string sentence = t(k);
    if (!sentence.empty() && sentence != k) text += (text.empty() ? "" : " ") + sentence;
    return *this;
  }
  Line& with(const std::string& name, const std::string& value) {
    text = fill(std::move(text), name, value);
    return *this;
  }
};

const std::string& pick(const ui::ViewModel& model, const ui::Bilingual& text) {
  return text.pick(model.language);
}

void screen_line(Line& line) {
  const ui::ViewModel& m = line.model;
  const Language lang = m.language;
  switch (m.screen) {
    case ScreenId::attract:
      line.say("voice.attract");
      break;
    case ScreenId::out_of_service:
      line.say("voice.out_of_service");
      break;
    case ScreenId::identify:
      line.say("voice.identify");
      break;
    case ScreenId::catalog: {
      if (m.search_open) {
        line.say("voice.catalog.search").with("count", std::to_string(m.results.size()));
        break;
      }
      std::string category;
      for (const auto& c : m.categories)
        if (c.code == m.category) category = pick(m, c.name);
      line.say("voice.catalog")
          .with("category", category)
          .with("count", std::to_string(m.items.size()));
      break;
    }
    case ScreenId::guide: {
      line.say("voice.guide").with("item", pick(m, m.item.name));
      if (m.item.promised_limit_days > 0)
        line.say("voice.guide.days").with("days", std::to_string(m.item.promised_limit_days));
      line.say("voice.guide.fee")
          .with("amount", spoken_amount(m.item.fee_fen, lang, line.translator));
      if (m.item.mode == "apply")
        line.say("voice.guide.apply");
      else if (m.item.mode == "print_certificate")
        line.say("voice.guide.certificates");
      else
        line.say("voice.guide.hall");
      break;
    }
    case ScreenId::form: {
      line.say("voice.form");
      int problems = static_cast<int>(m.form_problems.size());
      std::string focused;
      for (const auto& f : m.fields) {
        problems += f.error.zh.empty() && f.error.en.empty() ? 0 : 1;
        if (f.focused) focused = pick(m, f.label);
      }
      // The label of the field being filled in, never its value.
      if (!focused.empty()) line.say("voice.form.focus").with("field", focused);
      if (problems > 0) line.say("voice.form.problems").with("count", std::to_string(problems));
      break;
    }
    case ScreenId::review:
      line.say("voice.review");
      break;
    case ScreenId::submitting:
      line.say("voice.submitting");
      break;
    case ScreenId::receipt: {
      const auto& r = m.receipt;
      // The resident's own case number, which this screen is for: said digit by digit.
      if (r.online && !r.case_id.empty()) {
        line.say("voice.receipt.accepted").with("case", spoken_code(r.case_id));
        if (!r.promised_by.empty())
          line.say("voice.receipt.promised").with("date", spoken_date(r.promised_by, lang));
      } else {
        line.say("voice.receipt.saved").with("case", spoken_code(r.local_id));
      }
      if (r.fee_fen > r.paid_fen)
        line.say("voice.receipt.fee")
            .with("amount", spoken_amount(r.fee_fen - r.paid_fen, lang, line.translator));
      if (!r.print_problem_key.empty()) line.say(r.print_problem_key);
      line.say("voice.receipt.next");
      break;
    }
    case ScreenId::payment: {
      const auto& p = m.payment;
      // What the fee is for and how much (the order the QR code pays).
      line.say("voice.payment")
          .with("item", p.item_name.pick(lang))
          .with("amount", spoken_amount(p.amount_fen, lang, line.translator));
      if (!p.stage.empty()) line.say("payment.stage." + p.stage);
      break;
    }
    case ScreenId::evaluate:
      line.say("voice.evaluate");
      break;
    case ScreenId::goodbye:
      line.say("voice.goodbye");
      break;
    case ScreenId::certificates: {
      const auto& c = m.certificates;
      if (c.loading) {
        line.say("voice.certificates.loading");
      } else if (c.list.empty()) {
        line.say("voice.certificates.none");
      } else {
        line.say("voice.certificates").with("count", std::to_string(c.list.size()));
      }
      if (!c.message_key.empty()) line.say(c.message_key);
      break;
    }
    case ScreenId::progress: {
      const auto& p = m.progress;
      if (p.loading) {
        line.say("voice.progress.loading");
      } else if (p.selected >= 0 && p.selected < static_cast<int>(p.cases.size())) {
        const auto& c = p.cases[static_cast<std::size_t>(p.selected)];
        const std::string number = c.case_id.empty() ? c.local_id : c.case_id;
        line.say("voice.progress.case").with("case", spoken_code(number));
        line.say("case.status." + c.status);
      } else if (!p.cases.empty()) {
        line.say("voice.progress.list").with("count", std::to_string(p.cases.size()));
      } else if (!p.queued_local_id.empty()) {
        line.say("voice.progress.queued").with("case", spoken_code(p.queued_local_id));
      } else {
        line.say("voice.progress");
      }
      if (!p.message_key.empty()) line.say(p.message_key);
      break;
    }
    case ScreenId::sign:
      if (m.speech.on && !m.signature.done)
        line.say("voice.sign.speech");  // the keyed way: the commitment said on its button
      else
        line.say(m.signature.done ? "voice.sign.done" : "voice.sign");
      break;
    case ScreenId::maintenance_pin:
    case ScreenId::maintenance:
    case ScreenId::diagnostics:
    case ScreenId::provisioning:
    case ScreenId::display_setup:
      break;  // the technician's screens say nothing
  }
}

}  // namespace

SpokenLine spoken_line(const ui::ViewModel& model, const ui::Translator& translator) {
  Line line{model, translator, {}, {}};
  if (ui::technician_screen(model.screen)) return {};
  if (model.idle_warning) {
    line.say("voice.idle").with("seconds", std::to_string(model.idle_seconds_total));
  } else if (model.help.stage == "choosing") {
    line.say("voice.help.choose");
  } else if (model.help.stage == "sending") {
    line.say("voice.help.sending");
  } else if (model.help.stage == "sent") {
    if (model.help.eta_minutes >= 0)
      line.say("voice.help.sent").with("minutes", std::to_string(model.help.eta_minutes));
    else
      line.say("voice.help.sent_no_eta");
  } else if (model.help.stage == "offline") {
    line.say("voice.help.offline");
    if (!model.help.hours_from.empty())
      line.say("voice.help.hours")
          .with("from", model.help.hours_from)
          .with("to", model.help.hours_to);
  } else {
    screen_line(line);
    if (!model.notice_key.empty()) line.say(model.notice_key);
  }
  return {line.key, line.text, translator.code(model.language)};
}

std::string spoken_code(const std::string& code) {
  std::string out;
  for (char c : code) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) continue;
    if (!out.empty()) out += ' ';
    out += c;
  }
  return out;
}

std::string spoken_amount(int fen, Language language, const ui::Translator& translator) {
  if (fen <= 0) return translator.text("fee.free", language);
  const int yuan = fen / 100;
  const int cents = fen % 100;
  if (language != Language::zh) {
    std::string text = std::to_string(yuan) + " yuan";
    if (cents != 0) text += " " + std::to_string(cents) + " fen";
    return text;
  }
  std::string text = std::to_string(yuan) + "元";
  if (cents / 10 != 0) text += std::to_string(cents / 10) + "角";
  if (cents % 10 != 0) text += std::to_string(cents % 10) + "分";
  return text;
}

std::string spoken_date(const std::string& iso, Language language) {
  int year = 0, month = 0, day = 0;
  if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      month < 1 || month > 12 || day < 1 || day > 31)
    return iso;
  if (language == Language::zh)
    return std::to_string(year) + "年" + std::to_string(month) + "月" + std::to_string(day) + "日";
  static constexpr const char* kMonths[12] = {"January",   "February", "March",    "April",
                                              "May",       "June",     "July",     "August",
                                              "September", "October",  "November", "December"};
  return std::to_string(day) + " " + kMonths[month - 1] + " " + std::to_string(year);
}

std::string focus_label(const ui::Widget& widget, const ui::ViewModel& model,
                        const ui::Translator& translator) {
  const ui::Language language = model.language;
  const auto t = [&](const char* key) { return translator.text(key, language); };
  const std::string& id = widget.id;
  const auto starts = [&id](const char* prefix) { return id.rfind(prefix, 0) == 0; };
  std::string label;
  if (starts("field:")) {
    const std::string key = id.substr(6);
    for (const auto& field : model.fields) {
      if (field.key != key) continue;
      label = field.label.pick(language);
      std::string value = field.display_value;
      if (field.type == "select") {
        value.clear();
        for (const auto& option : field.options) {
          if (option.value == field.value) value = option.label.pick(language);
        }
      }
      // The resident's own data only into their own ears.
      if (model.speech.headphones && !value.empty())
        label += language == ui::Language::zh ? "，" + value : ", " + value;
      else
        label += (language == ui::Language::zh ? "，" : ", ") +
                 t(value.empty() ? "speech.empty" : "speech.filled");
      if (!field.error.zh.empty())
        label += (language == ui::Language::zh ? "，" : ", ") + field.error.pick(language);
    }
  } else if (starts("ime.cand:")) {
    const std::string number = std::to_string(std::atoi(id.c_str() + 9) + 1);
    label =
        model.speech.headphones ? number + " " + widget.text : t("speech.candidate") + " " + number;
  } else if (starts("page:") || starts("ime.page:") || starts("region.page:")) {
    label = t(id.back() == '-' ? "speech.page_previous" : "speech.page_next");
  } else if (id == "ime.stroke") {
    label = t("speech.writing_pad");
  } else if (id == "sign.stroke") {
    label = t("speech.sign_pad");
  } else if (id == "sign.keyed") {
    // The commitment in full, then what the key does: a keyed signature is heard first.
    label = model.item.commitment_text.pick(language) + " " + t("speech.sign_keyed");
  } else {
    label = widget.text;
    // Elder mode marks a choice with √ (said as "selected" below); line breaks are pauses.
    for (const char* mark : {"√ ", "□ "}) {
      if (label.rfind(mark, 0) == 0) label.erase(0, std::string(mark).size());
    }
    for (auto& c : label) {
      if (c == '\n') c = ' ';
    }
    while (!label.empty() && label.back() == ' ') label.pop_back();
  }
  if (label.empty()) return label;
  if (widget.selected) label += (language == ui::Language::zh ? "，" : ", ") + t("speech.selected");
  return label;
}

}  // namespace yiwang::kiosk
