// Camera QR benchmark: decode rate, misreads and time per 1280x720 frame, ZXing-cpp as the kiosk
// decodes beside ZBar in binary mode, on the same frames: the generated corpus
// (tests/support/qr_corpus.h) or a directory of PGM frames with a manifest
// (tools/qr-corpus/make_corpus.py). Usage: qr-camera-bench [images per category, default 34]
//   qr-camera-bench --dir DIR [--failures] [--min-rate PCT]   (DIR/manifest.tsv + PGM frames)
// --failures lists the frames each decoder got wrong; --min-rate makes the exit status 1 when the
// kiosk's decoder misreads any frame or reads fewer than PCT % right (the independent-corpus test).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "qr/frame_decoder.h"
#include "support/qr_corpus.h"
#include "support/qr_decode.h"

namespace {

struct Tally {
  int total = 0;
  int decoded = 0;
  int misread = 0;  // a wrong content, or anything from a frame without a code: a failure
  std::vector<double> ms;
};

struct Frame {
  std::string file;
  std::string category;
  std::string content;  // empty: the frame holds no code
  yiwang::drivers::GrayFrame frame;
};

double since_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// The kiosk reports every code decode_qr_codes returns (drivers/qr/camera_scanner.cpp), so any
// code other than the expected one is a misread, even beside the right one.
enum class Outcome { right, nothing, misread };

Outcome judge(const std::vector<std::string>& codes, const std::string& expected) {
  for (const auto& code : codes)
    if (code != expected) return Outcome::misread;
  // the expected code alone, or nothing from a frame without one
  return !codes.empty() || expected.empty() ? Outcome::right : Outcome::nothing;
}

void count(Tally& t, double ms, Outcome outcome) {
  ++t.total;
  t.ms.push_back(ms);
  if (outcome == Outcome::misread) ++t.misread;
  if (outcome == Outcome::right) ++t.decoded;
}

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

double p99(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(v.size())));
  return v[std::max<std::size_t>(rank, 1) - 1];
}

// DIR/manifest.tsv: "file<TAB>category<TAB>content" per line, content "" for no code; '#' comments.
bool load_dir(const std::string& dir, std::vector<Frame>& frames, std::vector<std::string>& order) {
  std::ifstream manifest(dir + "/manifest.tsv");
  if (!manifest) {
    std::fprintf(stderr, "qr-camera-bench: cannot read %s/manifest.tsv\n", dir.c_str());
    return false;
  }
  std::string line;
  while (std::getline(manifest, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab1 = line.find('\t');
    const auto tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string::npos) {
      std::fprintf(stderr, "qr-camera-bench: bad manifest line: %.80s\n", line.c_str());
      return false;
    }
    Frame f;
    f.file = line.substr(0, tab1);
    f.category = line.substr(tab1 + 1, tab2 - tab1 - 1);
    f.content = line.substr(tab2 + 1);
    if (f.content == "\"\"") f.content.clear();
    auto image = yiwang::drivers::read_pgm(dir + "/" + line.substr(0, tab1));
    if (!image) {
      std::fprintf(stderr, "qr-camera-bench: %s\n", image.error().c_str());
      return false;
    }
    f.frame = std::move(image.value());
    if (std::find(order.begin(), order.end(), f.category) == order.end())
      order.push_back(f.category);
    frames.push_back(std::move(f));
  }
  return !frames.empty();
}

void row(const char* name, const Tally& a, const Tally& b) {
  auto half = [](const Tally& t) {
    std::printf("%3d/%-3d %5.1f%% %3d %7.2f %7.2f", t.decoded, t.total,
                t.total ? 100.0 * t.decoded / t.total : 0.0, t.misread, mean(t.ms), p99(t.ms));
  };
  std::printf("%-13s | ", name);
  half(a);
  std::printf(" | ");
  half(b);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Frame> frames;
  std::vector<std::string> order;
  std::string source;
  bool failures = false;
  double min_rate = -1;
  if (argc > 2 && std::strcmp(argv[1], "--dir") == 0) {
    if (!load_dir(argv[2], frames, order)) return 1;
    source = argv[2];
    for (int i = 3; i < argc; ++i) {
      if (std::strcmp(argv[i], "--failures") == 0) {
        failures = true;
      } else if (std::strcmp(argv[i], "--min-rate") == 0 && i + 1 < argc) {
        min_rate = std::atof(argv[++i]);
      } else {
        std::fprintf(stderr, "qr-camera-bench: unknown argument %s\n", argv[i]);
        return 2;
      }
    }
  } else {
    const int per_category = argc > 1 ? std::atoi(argv[1]) : 34;
    for (auto& image : yiwang::test::make_qr_corpus(per_category))
      frames.push_back({"", image.category, image.content, std::move(image.frame)});
    order = yiwang::test::kCorpusCategories;
    source = "the generated corpus, " + std::to_string(per_category) + " per category";
  }
  std::map<std::string, Tally> zxing, zbar;
  Tally zxing_all, zbar_all;
  for (const auto& image : frames) {
    auto start = std::chrono::steady_clock::now();
    const auto codes = yiwang::drivers::decode_qr_codes(image.frame);
    const double zx_ms = since_ms(start);
    start = std::chrono::steady_clock::now();
    const std::string zb = yiwang::test::decode_qr_grey_zbar(image.frame.pixels.data(),
                                                             image.frame.width, image.frame.height);
    const double zb_ms = since_ms(start);
    std::vector<std::string> zb_codes;
    if (!zb.empty()) zb_codes.push_back(zb);
    const Outcome zx = judge(codes, image.content);
    const Outcome zbo = judge(zb_codes, image.content);
    for (Tally* t : {&zxing[image.category], &zxing_all}) count(*t, zx_ms, zx);
    for (Tally* t : {&zbar[image.category], &zbar_all}) count(*t, zb_ms, zbo);
    if (failures && (zx != Outcome::right || zbo != Outcome::right)) {
      auto name = [](Outcome o) {
        return o == Outcome::right ? "right" : o == Outcome::nothing ? "nothing" : "MISREAD";
      };
      std::printf("%s %s: ZXing %s, ZBar %s\n", image.file.c_str(), image.category.c_str(),
                  name(zx), name(zbo));
    }
  }
  std::printf("qr-camera-bench: %zu frames (%s)\n", frames.size(), source.c_str());
  std::printf(
      "right = the expected code alone (nothing, on a frame without a code); bad = misreads\n");
  std::printf("%-13s | %-37s | %-37s\n", "category", "ZXing-cpp (kiosk) right  bad  mean p99 ms",
              "ZBar right  bad  mean p99 ms");
  for (const auto& category : order) row(category.c_str(), zxing[category], zbar[category]);
  row("all", zxing_all, zbar_all);
  std::printf("time ratio ZXing/ZBar (mean): %.2f\n", mean(zxing_all.ms) / mean(zbar_all.ms));
  if (min_rate >= 0) {
    const double rate = 100.0 * zxing_all.decoded / zxing_all.total;
    const bool pass = zxing_all.misread == 0 && rate >= min_rate;
    std::printf("kiosk decoder: %.1f %% right, %d misreads; required >= %.1f %%, 0 misreads: %s\n",
                rate, zxing_all.misread, min_rate, pass ? "PASS" : "FAIL");
    return pass ? 0 : 1;
  }
  return 0;
}
