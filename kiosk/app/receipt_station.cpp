// ReceiptStation: wiring of port, composer, void slip and printer thread from the options.
#include "app/receipt_station.h"

#include <chrono>
#include <fstream>
#include <sstream>

namespace yiwang::kiosk {

std::string ReceiptStation::capabilities() const {
  const drivers::PrinterCapabilities probed = printer_->capabilities();
  return std::to_string(profile_.paper_dots) + " dots (" + std::to_string(profile_.columns()) +
         " columns), " + (profile_.native_qr ? "native QR" : "QR as raster") + "; " +
         (probed.probed ? probed.describe() : "not probed yet") + "; " + describe_;
}

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

std::optional<drivers::JobStage> job_stage_named(const std::string& name) {
  using drivers::JobStage;
  for (JobStage stage : {JobStage::body_sent, JobStage::body_printed, JobStage::cut_confirmed,
                         JobStage::fragment_on_paper, JobStage::uncertain, JobStage::closed})
    if (drivers::to_string(stage) == name) return stage;
  return std::nullopt;
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
  settings.start_owing = config.start_owing;
  settings.owed_job = config.owed_job;
  if (!config.database.empty()) {
    auto opened = store::Database::open(config.database);
    if (!opened.status.ok()) {
      error = "receipt journal: " + opened.status.message;
      return nullptr;
    }
    station->database_ = std::move(opened.database);
    station->journal_ = std::make_unique<store::ReceiptJournal>(*station->database_);
    settings.journal = [journal = station->journal_.get()](const std::string& job_id,
                                                           drivers::JobStage stage) {
      const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch());
      journal->set_stage(job_id, std::string(drivers::to_string(stage)), now.count());
    };
  }
  station->printer_ = std::make_unique<drivers::ReceiptPrinter>(std::move(port.value()), settings,
                                                                std::move(listener));
  return station;
}

void ReceiptStation::print(const std::string& job_id, const drivers::ReceiptDocument& document) {
  ComposedReceipt job = compose_job(document, profile_, rasterizer_.get());
  printer_->print(drivers::ReceiptJob{job_id, std::move(job.body), std::move(job.cut)});
}

}  // namespace yiwang::kiosk
