// The virtual receipt printer on the network: an ESC/POS machine behind a TCP port (like a
// printer's port 9100), drawing each cut page as receipt-NNNN.png with its bytes beside it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "receipt/sim/escpos_machine.h"
#include "receipt/sim/virtual_printer.h"

namespace yiwang::drivers {

struct PrinterServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;         // 0: any free port
  std::string out_dir;  // where pages go; empty: kept in memory only
  VirtualPrinterOptions render;
  PrinterPersonality personality;  // the model it behaves as (escpos_machine.h)
};

class VirtualPrinterServer {
 public:
  static Result<std::unique_ptr<VirtualPrinterServer>, std::string> start(
      PrinterServerOptions options);
  ~VirtualPrinterServer();
  VirtualPrinterServer(const VirtualPrinterServer&) = delete;
  VirtualPrinterServer& operator=(const VirtualPrinterServer&) = delete;

  int port() const { return port_; }
  std::string address() const;  // "tcp://127.0.0.1:PORT", what the kiosk's --receipt takes

  // Conditions (see EscPosMachine); printing resumes when they clear.
  void set_paper(PaperState paper);
  void paper_out_after_lines(int lines);
  void set_cover_open(bool open);
  void set_cutter_jammed(bool jammed);
  // Fault: the current or next connection is closed after this many more bytes arrive; the
  // bytes up to there are printed, the rest is lost as on a pulled cable.
  void drop_connection_after(std::size_t bytes);
  // Fault: stop answering and reading (a hung printer) until set back.
  void set_silent(bool silent);

  std::vector<Page> pages() const;         // every page cut so far
  std::vector<std::string> files() const;  // PNGs written so far
  Page page_in_printer() const;
  std::size_t connections() const;
  // When the first print data (anything but real-time status requests) arrived after `since`:
  // the end point of the receipt benchmark.
  std::optional<std::chrono::steady_clock::time_point> first_print_byte_after(
      std::chrono::steady_clock::time_point since) const;
  bool wait_for_pages(std::size_t count, int timeout_ms) const;
  std::vector<std::string> problems() const;  // unknown commands, files not written

 private:
  VirtualPrinterServer(PrinterServerOptions options, int listen_fd, int wake_read, int wake_write,
                       int port);
  void run();
  void serve(int client);
  void after_change();  // with mutex_ held: resume, send replies, store cut pages
  void store_pages();   // with mutex_ held

  PrinterServerOptions options_;
  int listen_fd_;
  int wake_read_;
  int wake_write_;
  int port_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  EscPosMachine machine_;
  std::chrono::steady_clock::time_point last_advance_;
  int client_ = -1;
  std::vector<std::uint8_t> since_cut_;
  std::vector<Page> pages_;
  std::vector<std::string> files_;
  std::vector<std::string> problems_;
  std::size_t connections_ = 0;
  std::optional<std::size_t> drop_after_;
  bool silent_ = false;
  std::vector<std::chrono::steady_clock::time_point> print_arrivals_;  // chunks with print data
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace yiwang::drivers
