// The kiosk's receipt printing: the printer port the options name (or the virtual printer when
// simulating), the composer for this printer (paper width, QR support, the raster font) and the
// void slip that closes a receipt an interruption left unfinished.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "database.h"
#include "flow/receipt_template.h"
#include "receipt/receipt_document.h"
#include "receipt/receipt_printer.h"
#include "receipt/sim/printer_server.h"
#include "receipt/text_raster.h"
#include "receipt_journal.h"
#include "services/i18n.h"

namespace yiwang::kiosk {

struct ReceiptStationConfig {
  std::string spec;       // --receipt; ignored when simulating
  bool simulate = false;  // start the virtual printer on a loopback port
  std::string out_dir;    // the virtual printer's pages
  std::string font;       // the CJK font: raster fallback and the virtual printer
  int paper_mm = 80;
  bool native_qr = true;
  std::string assets;  // receipts/void.tmpl
  bool start_with_void = false;
  // The printer's state from the journal's last staged job, and the file the driver thread
  // journals its stages into (its own connection; "" journals nothing).
  drivers::OwedClosing start_owing = drivers::OwedClosing::none;
  std::string owed_job;
  std::string database;
};

class ReceiptStation {
 public:
  static std::unique_ptr<ReceiptStation> create(const ReceiptStationConfig& config,
                                                const I18n& i18n,
                                                drivers::ReceiptPrinter::Listener listener,
                                                std::string& error);
  // Splits the document into body and cut (see ReceiptPrinter) and queues it.
  void print(const std::string& job_id, const drivers::ReceiptDocument& document);
  drivers::VirtualPrinterServer* simulator() { return simulator_.get(); }
  std::string describe() const { return describe_; }
  // For the self-test receipt: paper width, QR support and what the last probe found.
  std::string capabilities() const;

 private:
  ReceiptStation() = default;
  std::unique_ptr<drivers::VirtualPrinterServer> simulator_;
  std::unique_ptr<drivers::TextRasterizer> rasterizer_;
  std::unique_ptr<store::Database> database_;  // the driver thread's own connection
  std::unique_ptr<store::ReceiptJournal> journal_;
  drivers::PrinterProfile profile_;
  std::string describe_;
  std::unique_ptr<drivers::ReceiptPrinter> printer_;  // last: its thread uses the rest
};

// The job's two parts: everything up to the last cut, and that cut.
struct ComposedReceipt {
  std::vector<std::uint8_t> body;
  std::vector<std::uint8_t> cut;
};
// The driver's stage by its journal name; nullopt for 'queued' and unknown names.
std::optional<drivers::JobStage> job_stage_named(const std::string& name);

ComposedReceipt compose_job(const drivers::ReceiptDocument& document,
                            const drivers::PrinterProfile& profile,
                            const drivers::TextRasterizer* rasterizer);

}  // namespace yiwang::kiosk
