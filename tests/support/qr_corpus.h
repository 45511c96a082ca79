// A generated camera corpus: the project's own tracking and e-ID codes (with Chinese names) drawn
// into 1280x720 frames as a camera would see them: clean, small modules, rotated, blurred, noisy,
// low contrast, in a cluttered scene, in perspective. Deterministic for a given seed.
#pragma once

#include <string>
#include <vector>

#include "qr/image_source.h"

namespace yiwang::test {

struct CorpusImage {
  std::string category;  // clean, small, rotated, blurred, noisy, low_contrast, scene, perspective
  std::string content;   // what the code holds
  drivers::GrayFrame frame;
};

// The last four (issue 12) are harder: 60-byte URLs at 1.8-2.4 px a module, 300-byte UTF-8
// JSON, small codes that are also blurred and noisy, and frames with no code at all (clutter
// only: content "", decoded means nothing found, and they show what an empty frame costs).
inline const std::vector<std::string> kCorpusCategories = {"clean",
                                                           "small",
                                                           "rotated",
                                                           "blurred",
                                                           "noisy",
                                                           "low_contrast",
                                                           "scene",
                                                           "perspective",
                                                           "url_small",
                                                           "json_300",
                                                           "small_blurred_noisy",
                                                           "empty"};

// `per_category` images of each category.
std::vector<CorpusImage> make_qr_corpus(int per_category, unsigned seed = 20261122);

}  // namespace yiwang::test
