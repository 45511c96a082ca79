// Template parsing (one block per line) and filling ({{value}}, [[key]], [[en:key]]).
#include "flow/receipt_template.h"

#include <sstream>

namespace yiwang::kiosk {

namespace {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool parse_number(const std::string& text, int low, int high, int& out) {
  try {
    std::size_t used = 0;
    const int n = std::stoi(text, &used);
    if (used != text.size() || n < low || n > high) return false;
    out = n;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// Replaces {{name}} and [[key]] / [[en:key]] in content.
std::string expand(const std::string& content, const TemplateValues& values, const I18n& i18n) {
  std::string out;
  std::size_t i = 0;
  while (i < content.size()) {
    const bool value = content.compare(i, 2, "{{") == 0;
    const bool text = content.compare(i, 2, "[[") == 0;
    if (!value && !text) {
      out += content[i++];
      continue;
    }
    const std::size_t end = content.find(value ? "}}" : "]]", i + 2);
    if (end == std::string::npos) {
      out += content.substr(i);
      break;
    }
    const std::string name = content.substr(i + 2, end - i - 2);
    if (value) {
      const auto found = values.find(name);
      if (found != values.end()) out += found->second;
    } else if (name.rfind("en:", 0) == 0) {
      out += i18n.text(name.substr(3), ui::Language::en);
    } else {
      out += i18n.text(name, ui::Language::zh);
    }
    i = end + 2;
  }
  return out;
}

}  // namespace

std::optional<ReceiptTemplate> parse_receipt_template(const std::string& text,
                                                      const std::string& name, std::string& error) {
  using Kind = drivers::ReceiptBlock::Kind;
  ReceiptTemplate result;
  std::istringstream in(text);
  int number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    auto where = [&](const std::string& what) {
      error = name;
      error += ":" + std::to_string(number) + ": " + what;
      return std::nullopt;
    };
    const auto bar = line.find('|');
    const std::string head = trim(line.substr(0, bar));
    TemplateLine out;
    out.line_number = number;
    if (bar != std::string::npos) out.block.text = trim(line.substr(bar + 1));
    std::vector<std::string> parts = words(head);
    std::size_t k = 0;
    for (; k < parts.size() && parts[k][0] == '?'; ++k) {
      if (parts[k].rfind("?!", 0) == 0) {
        out.when_not.push_back(parts[k].substr(2));
      } else {
        out.when.push_back(parts[k].substr(1));
      }
    }
    if (k == parts.size()) return where("no block kind");
    const std::string kind = parts[k++];
    if (kind == "text") {
      out.block.kind = Kind::text;
    } else if (kind == "qr") {
      out.block.kind = Kind::qr;
    } else if (kind == "rule") {
      out.block.kind = Kind::rule;
    } else if (kind == "feed" || kind == "cut") {
      out.block.kind = kind == "feed" ? Kind::feed : Kind::cut;
      if (k == parts.size() || !parse_number(parts[k++], 0, 255, out.block.amount))
        return where(kind + " needs a number of lines 0..255");
    } else {
      return where("unknown block kind '" + kind + "'");
    }
    for (; k < parts.size(); ++k) {
      const std::string& option = parts[k];
      int w = 0;
      int h = 0;
      if (option == "left") {
        out.block.align = drivers::Align::left;
      } else if (option == "centre") {
        out.block.align = drivers::Align::centre;
      } else if (option == "right") {
        out.block.align = drivers::Align::right;
      } else if (option == "bold") {
        out.block.bold = true;
      } else if (option.rfind("module=", 0) == 0 && out.block.kind == Kind::qr &&
                 parse_number(option.substr(7), 1, 16, out.block.amount)) {
      } else if (const auto x = option.find('x'); x != std::string::npos &&
                                                  parse_number(option.substr(0, x), 1, 8, w) &&
                                                  parse_number(option.substr(x + 1), 1, 8, h)) {
        out.block.width = w;
        out.block.height = h;
      } else {
        return where("unknown option '" + option + "'");
      }
    }
    if ((out.block.kind == Kind::text || out.block.kind == Kind::qr) && bar == std::string::npos)
      return where(kind + " needs '| content'");
    result.lines.push_back(std::move(out));
  }
  if (result.lines.empty()) {
    error = name + ": no blocks";
    return std::nullopt;
  }
  return result;
}

drivers::ReceiptDocument fill_receipt_template(const ReceiptTemplate& receipt_template,
                                               const TemplateValues& values, const I18n& i18n) {
  auto has = [&](const std::string& key) {
    const auto found = values.find(key);
    return found != values.end() && !found->second.empty();
  };
  drivers::ReceiptDocument document;
  for (const TemplateLine& line : receipt_template.lines) {
    bool shown = true;
    for (const auto& key : line.when) shown = shown && has(key);
    for (const auto& key : line.when_not) shown = shown && !has(key);
    if (!shown) continue;
    drivers::ReceiptBlock block = line.block;
    block.text = expand(block.text, values, i18n);
    document.blocks.push_back(std::move(block));
  }
  return document;
}

}  // namespace yiwang::kiosk
