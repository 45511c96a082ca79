// ReceiptStation: wiring of port, composer, void slip and printer thread from the options.
#include "app/receipt_station.h"

#include <fstream>
#include <sstream>

namespace yiwang::kiosk {

ComposedReceipt compose_job(const drivers::ReceiptDocument& document,
                            const drivers::PrinterProfile& profile,
                            const drivers::TextRasterizer* rasterizer) {
  drivers::ReceiptDocument body = document;
  int cut_feed = 3;
  if (!body.blocks.empty() && body.blocks.back().kind == drivers::ReceiptBlock::Kind::cut) {
    cut_feed = body.blocks.back().amount;
    body.blocks.pop_back();
  }
  ComposedReceipt job;
  job.body = drivers::compose_receipt(body, profile, rasterizer);
  job.cut = drivers::EscPosEncoder().cut(true, cut_feed).bytes();
  return job;
}

std::unique_ptr<ReceiptStation> ReceiptStation::create(const ReceiptStationConfig& config,
                                                       const I18n& i18n,
                                                       drivers::ReceiptPrinter::Listener listener,
                                                       std::string& error) {
  std::unique_ptr<ReceiptStation> station(new ReceiptStation());
  station->profile_.paper_dots = config.paper_mm == 58 ? 384 : 576;
  station->profile_.native_qr = config.native_qr;
  auto rasterizer = drivers::TextRasterizer::open(config.font);
  if (!rasterizer) {
    error = "receipt raster font: " + rasterizer.error();
    return nullptr;
  }
  station->rasterizer_ = std::move(rasterizer.value());

  std::string spec = config.spec;
  if (config.simulate) {
    drivers::PrinterServerOptions sim;
    sim.out_dir = config.out_dir;
    sim.render = {config.font, station->profile_.paper_dots};
    auto server = drivers::VirtualPrinterServer::start(sim);
    if (!server) {
      error = "virtual receipt printer: " + server.error();
      return nullptr;
    }
    station->simulator_ = std::move(server.value());
    spec = station->simulator_->address();
  }
  auto port = drivers::make_printer_port(spec);
  if (!port) {
    error = "--receipt: " + port.error();
    return nullptr;
  }
  station->describe_ = port.value()->describe();

  const std::string void_path = config.assets + "/receipts/void.tmpl";
  std::ifstream in(void_path);
  std::stringstream text;
  text << in.rdbuf();
  auto void_template = parse_receipt_template(text.str(), void_path, error);
  if (!void_template) return nullptr;
  drivers::ReceiptDocument void_document = fill_receipt_template(*void_template, {}, i18n);
  drivers::ReceiptPrinterSettings settings;
  const ComposedReceipt void_slip =
      compose_job(void_document, station->profile_, station->rasterizer_.get());
  settings.void_slip = void_slip.body;
  settings.void_slip.insert(settings.void_slip.end(), void_slip.cut.begin(), void_slip.cut.end());
  settings.start_with_void = config.start_with_void;
  station->printer_ = std::make_unique<drivers::ReceiptPrinter>(std::move(port.value()), settings,
                                                                std::move(listener));
  return station;
}

void ReceiptStation::print(const std::string& job_id, const drivers::ReceiptDocument& document) {
  ComposedReceipt job = compose_job(document, profile_, rasterizer_.get());
  printer_->print(drivers::ReceiptJob{job_id, std::move(job.body), std::move(job.cut)});
}

}  // namespace yiwang::kiosk
