// Receipt templates (assets/receipts/*.tmpl): parsed once, filled per transaction into the
// driver's ReceiptDocument. The format is described at the top of receipt.tmpl.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "receipt/receipt_document.h"
#include "services/i18n.h"

namespace yiwang::kiosk {

struct TemplateLine {
  std::vector<std::string> when;      // values that must be non-empty
  std::vector<std::string> when_not;  // values that must be empty
  drivers::ReceiptBlock block;        // text/qr content still holds {{...}} and [[...]]
  int line_number = 0;
};

struct ReceiptTemplate {
  std::vector<TemplateLine> lines;
};

// nullopt with `error` ("receipt.tmpl:12: unknown option 'blod'") when the text is malformed.
std::optional<ReceiptTemplate> parse_receipt_template(const std::string& text,
                                                      const std::string& name, std::string& error);

using TemplateValues = std::map<std::string, std::string>;

// Fills values and translations in. A value the template names but `values` lacks is empty.
drivers::ReceiptDocument fill_receipt_template(const ReceiptTemplate& receipt_template,
                                               const TemplateValues& values, const I18n& i18n);

}  // namespace yiwang::kiosk
