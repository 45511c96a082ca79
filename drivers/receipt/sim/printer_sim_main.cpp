// escpos-printer-sim: the virtual receipt printer as a program, for a kiosk run by hand
// (--receipt tcp://127.0.0.1:PORT); conditions change by typing commands on its standard input.
#include <iostream>
#include <string>

#include "receipt/sim/printer_server.h"

namespace {

constexpr const char* kUsage =
    "usage: escpos-printer-sim --font FILE [--port N (9100)] [--host ADDR] [--out DIR]\n"
    "                          [--paper-dots 576|384] [--personality NAME]\n"
    "personalities: reference near_end no_gs_r no_gs_h one_way_answers asb_on in_order_status\n"
    "               slow link_drop no_clear_answer\n"
    "commands on stdin: paper full|low|out, cover open|closed, jam, unjam, status, quit\n";

int run(int argc, char** argv) {
  yiwang::drivers::PrinterServerOptions options;
  options.port = 9100;
  options.out_dir.assign(1, '.');  // (= "." trips GCC 12's bogus -Wrestrict at -O2)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--font")
      options.render.font_path = value;
    else if (flag == "--port")
      options.port = std::stoi(value);
    else if (flag == "--host")
      options.host = value;
    else if (flag == "--out")
      options.out_dir = value;
    else if (flag == "--paper-dots")
      options.render.paper_dots = std::stoi(value);
    else if (flag == "--personality" &&
             yiwang::drivers::PrinterPersonality::named(value).has_value())
      options.personality = *yiwang::drivers::PrinterPersonality::named(value);
    else {
      std::cerr << kUsage;
      return 2;
    }
  }
  if (options.render.font_path.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  auto server = yiwang::drivers::VirtualPrinterServer::start(options);
  if (!server) {
    std::cerr << "escpos-printer-sim: " << server.error() << "\n";
    return 1;
  }
  auto& printer = *server.value();
  std::cout << "listening on " << printer.address() << ", pages into " << options.out_dir
            << std::endl;
  using yiwang::drivers::PaperState;
  for (std::string line; std::getline(std::cin, line);) {
    if (line == "paper full")
      printer.set_paper(PaperState::full);
    else if (line == "paper low")
      printer.set_paper(PaperState::low);
    else if (line == "paper out")
      printer.set_paper(PaperState::out);
    else if (line == "cover open")
      printer.set_cover_open(true);
    else if (line == "cover closed")
      printer.set_cover_open(false);
    else if (line == "jam")
      printer.set_cutter_jammed(true);
    else if (line == "unjam")
      printer.set_cutter_jammed(false);
    else if (line == "quit")
      break;
    else if (line != "status") {
      std::cout << "unknown command; " << kUsage;
      continue;
    }
    std::cout << printer.pages().size() << " page(s) cut, " << printer.connections()
              << " connection(s)";
    for (const auto& problem : printer.problems()) std::cout << "; " << problem;
    std::cout << std::endl;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "escpos-printer-sim: " << e.what() << "\n" << kUsage;
    return 2;
  }
}
