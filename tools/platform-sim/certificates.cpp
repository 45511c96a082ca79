// Certificate PDFs: A4 in points, the CJK font through fontconfig, the seal drawn into an image
// surface and placed on the page, the verification code as text and as a QR code.
#include "certificates.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cmath>
#include <cstdio>
#include <memory>

namespace yiwang::platform_sim {

namespace {

constexpr double kA4Width = 595.28;
constexpr double kA4Height = 841.89;
constexpr const char* kFont = "WenQuanYi Zen Hei";

std::string hex_sha256(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  std::string hex;
  char two[3];
  for (unsigned char b : digest) {
    std::snprintf(two, sizeof two, "%02x", b);
    hex += two;
  }
  return hex;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void text(cairo_t* cr, double x, double y, double size, const std::string& utf8,
          bool centred = false) {
  cairo_set_font_size(cr, size);
  double left = x;
  if (centred) {
    cairo_text_extents_t extents;
    cairo_text_extents(cr, utf8.c_str(), &extents);
    left = x - extents.x_advance / 2;
  }
  cairo_move_to(cr, left, y);
  cairo_show_text(cr, utf8.c_str());
}

// The electronic seal: a red ring, a star, the issuer along the upper arc, drawn at 4x into an
// image surface (it is an image in the PDF, as a scanned or stamped seal would be).
cairo_surface_t* seal_image(const std::string& issuer) {
  const int size = 400;
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size);
  cairo_t* cr = cairo_create(surface);
  const double c = size / 2.0;
  cairo_set_source_rgba(cr, 0.85, 0.05, 0.05, 0.9);
  cairo_set_line_width(cr, 14);
  cairo_arc(cr, c, c, c - 12, 0, 2 * M_PI);
  cairo_stroke(cr);
  cairo_move_to(cr, c, c - 60);
  for (int i = 1; i <= 10; ++i) {
    const double r = i % 2 == 0 ? 60 : 24;
    const double a = -M_PI / 2 + i * M_PI / 5;
    cairo_line_to(cr, c + r * std::cos(a), c + r * std::sin(a));
  }
  cairo_close_path(cr);
  cairo_fill(cr);
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 40);
  // One character at a time along the arc from about 8 o'clock to 4 o'clock.
  std::vector<std::string> characters;
  for (std::size_t i = 0; i < issuer.size();) {
    const auto lead = static_cast<unsigned char>(issuer[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    characters.push_back(issuer.substr(i, n));
    i += n;
  }
  const double span = 1.4 * M_PI;
  for (std::size_t i = 0; i < characters.size(); ++i) {
    const double a = -M_PI / 2 - span / 2 +
                     span * (static_cast<double>(i) + 0.5) / static_cast<double>(characters.size());
    cairo_save(cr);
    cairo_translate(cr, c + (c - 62) * std::cos(a), c + (c - 62) * std::sin(a));
    cairo_rotate(cr, a + M_PI / 2);
    text(cr, 0, 15, 40, characters[i], true);
    cairo_restore(cr);
  }
  text(cr, c, c + 120, 36, "电子印章", true);
  cairo_destroy(cr);
  return surface;
}

void qr_code(cairo_t* cr, const std::string& data, double x, double y, double size) {
  ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
  writer.setEncoding(ZXing::CharacterSet::UTF8).setMargin(0);
  const ZXing::BitMatrix matrix = writer.encode(data, 0, 0);
  const double module = size / matrix.width();
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int my = 0; my < matrix.height(); ++my)
    for (int mx = 0; mx < matrix.width(); ++mx)
      if (matrix.get(mx, my)) cairo_rectangle(cr, x + mx * module, y + my * module, module, module);
  cairo_fill(cr);
}

}  // namespace

std::vector<CertificateRecord> certificates_for(const std::string& id_number,
                                                const std::string& holder,
                                                const std::string& issued_at) {
  const std::string key = hex_sha256("certificate:" + id_number).substr(0, 12);
  CertificateRecord household{"CERT-" + key + "-01",
                              "HR01",
                              "户籍证明",
                              "Certificate of household registration",
                              holder,
                              issued_at,
                              "海口市公安局美兰分局",
                              "Meilan Branch, Haikou Public Security Bureau",
                              "V" + hex_sha256("verify:" + key + "-01").substr(0, 10)};
  CertificateRecord no_record{"CERT-" + key + "-02",
                              "NC01",
                              "无犯罪记录证明",
                              "Certificate of no criminal record",
                              holder,
                              issued_at,
                              "海口市公安局",
                              "Haikou Public Security Bureau",
                              "V" + hex_sha256("verify:" + key + "-02").substr(0, 10)};
  for (auto* record : {&household, &no_record}) {
    for (char& c : record->verification_code) c = static_cast<char>(std::toupper(c));
  }
  return {household, no_record};
}

std::string certificate_pdf(const CertificateRecord& record, std::string& error) {
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &pdf, kA4Width, kA4Height);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, record.name_zh.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Yiwang platform simulator");
  cairo_t* cr = cairo_create(surface);
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_source_rgb(cr, 0, 0, 0);
  const double mid = kA4Width / 2;
  text(cr, mid, 120, 30, record.name_zh, true);
  text(cr, mid, 150, 14, record.name_en, true);
  text(cr, 80, 230, 15, "持证人 Holder: " + record.holder);
  text(cr, 80, 262, 15, "证照编号 Certificate number: " + record.id);
  text(cr, 80, 294, 15, "签发日期 Issued: " + record.issued_at.substr(0, 10));
  text(cr, 80, 326, 15, "签发机关 Issuer: " + record.issuer_zh);
  text(cr, 80, 350, 12, record.issuer_en);
  text(cr, 80, 420, 13, "兹证明上述信息经核实无误。");
  text(cr, 80, 442, 13, "本证明由一网通办平台签发电子印章，与纸质盖章件具有同等效力。");
  text(cr, 80, 466, 11,
       "This certifies the information above. It carries the platform's electronic seal.");
  cairo_surface_t* seal = seal_image(record.issuer_zh);
  cairo_save(cr);
  cairo_translate(cr, 360, 480);
  cairo_scale(cr, 0.4, 0.4);
  cairo_set_source_surface(cr, seal, 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_surface_destroy(seal);
  cairo_set_source_rgb(cr, 0, 0, 0);
  text(cr, 80, 700, 13, "核验码 Verification code: " + record.verification_code);
  text(cr, 80, 722, 10,
       "扫码或在政务服务网输入核验码核验 Verify by scanning or at the service portal");
  qr_code(cr, "YWVERIFY:1:" + record.id + ":" + record.verification_code, 440, 650, 90);
  cairo_show_page(cr);
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    error = cairo_status_to_string(status);
    return "";
  }
  return pdf;
}

std::string sha256_digest_header(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  unsigned char base64[64];
  const int n = EVP_EncodeBlock(base64, digest, SHA256_DIGEST_LENGTH);
  return "sha-256=" +
         std::string(reinterpret_cast<const char*>(base64), static_cast<std::size_t>(n));
}

}  // namespace yiwang::platform_sim
