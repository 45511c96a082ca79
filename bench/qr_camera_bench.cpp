// Camera QR benchmark: decode rate and mean time per 1280x720 frame over the generated corpus
// (tests/support/qr_corpus.h), ZXing-cpp as the kiosk decodes beside ZBar in binary mode, on the
// same frames. Usage: qr-camera-bench [images per category, default 34: 12 categories, 408]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "qr/frame_decoder.h"
#include "support/qr_corpus.h"
#include "support/qr_decode.h"

namespace {

struct Tally {
  int total = 0;
  int decoded = 0;
  int misread = 0;
  double ms = 0;
};

double since_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  const int per_category = argc > 1 ? std::atoi(argv[1]) : 34;
  const auto corpus = yiwang::test::make_qr_corpus(per_category);
  std::map<std::string, Tally> zxing, zbar;
  Tally zxing_all, zbar_all;
  for (const auto& image : corpus) {
    auto start = std::chrono::steady_clock::now();
    const auto codes = yiwang::drivers::decode_qr_codes(image.frame);
    const double zx_ms = since_ms(start);
    start = std::chrono::steady_clock::now();
    const std::string zb = yiwang::test::decode_qr_grey_zbar(image.frame.pixels.data(),
                                                             image.frame.width, image.frame.height);
    const double zb_ms = since_ms(start);
    for (Tally* t : {&zxing[image.category], &zxing_all}) {
      ++t->total;
      t->ms += zx_ms;
      if (image.content.empty()) {
        (codes.empty() ? t->decoded : t->misread)++;  // an empty frame: right when nothing is found
      } else if (!codes.empty()) {
        (codes.front() == image.content ? t->decoded : t->misread)++;
      }
    }
    for (Tally* t : {&zbar[image.category], &zbar_all}) {
      ++t->total;
      t->ms += zb_ms;
      if (image.content.empty()) {
        (zb.empty() ? t->decoded : t->misread)++;
      } else if (!zb.empty()) {
        (zb == image.content ? t->decoded : t->misread)++;
      }
    }
  }
  std::printf("qr-camera-bench: %zu frames of 1280x720, %d per category\n", corpus.size(),
              per_category);
  std::printf("%-13s | %-26s | %-26s\n", "category", "ZXing-cpp rate  mean ms",
              "ZBar rate  mean ms");
  auto row = [](const char* name, const Tally& a, const Tally& b) {
    std::printf("%-13s | %3d/%-3d %5.1f%% %7.2f ms | %3d/%-3d %5.1f%% %7.2f ms", name, a.decoded,
                a.total, 100.0 * a.decoded / a.total, a.ms / a.total, b.decoded, b.total,
                100.0 * b.decoded / b.total, b.ms / b.total);
    if (a.misread + b.misread > 0)
      std::printf("  misreads: ZXing %d, ZBar %d", a.misread, b.misread);
    std::printf("\n");
  };
  for (const auto& category : yiwang::test::kCorpusCategories)
    row(category.c_str(), zxing[category], zbar[category]);
  row("all", zxing_all, zbar_all);
  std::printf("time ratio ZXing/ZBar: %.2f\n", zxing_all.ms / zbar_all.ms);
  return 0;
}
