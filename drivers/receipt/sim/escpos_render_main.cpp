// escpos-render: draws a captured ESC/POS byte stream as a PNG (for people inspecting receipts).
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include "receipt/sim/virtual_printer.h"

int run(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: escpos-render INPUT.escpos OUTPUT.png FONT.ttf|ttc [paper-dots]\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "escpos-render: cannot read " << argv[1] << "\n";
    return 1;
  }
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  yiwang::drivers::VirtualPrinterOptions options{argv[3], argc > 4 ? std::stoi(argv[4]) : 576};
  auto report = yiwang::drivers::render_escpos_png(bytes, argv[2], options);
  if (!report) {
    std::cerr << "escpos-render: " << report.error() << "\n";
    return 1;
  }
  std::cout << argv[2] << ": " << report.value().width << "x" << report.value().height << ", "
            << report.value().qr_codes << " QR, " << report.value().cuts << " cut(s)\n";
  for (const auto& unknown : report.value().unknown_commands)
    std::cout << "unknown: " << unknown << "\n";
  return report.value().unknown_commands.empty() ? 0 : 3;
}

// Bad numbers on the command line (std::stoi) end here with a message, not std::terminate.
int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "escpos-render: " << e.what() << "\n";
    return 2;
  }
}
