// The display through DRM/KMS dumb buffers (see kms_output.h): card, connector, mode, two
// buffers, page flips.
#include "display/kms_output.h"

#include <drm_fourcc.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace yiwang::drivers {

bool choose_output(const std::vector<KmsConnector>& connectors, size_t& connector, size_t& mode) {
  for (size_t c = 0; c < connectors.size(); ++c) {
    const KmsConnector& candidate = connectors[c];
    if (!candidate.connected || candidate.modes.empty()) continue;
    connector = c;
    if (candidate.preferred_mode >= 0 &&
        static_cast<size_t>(candidate.preferred_mode) < candidate.modes.size()) {
      mode = static_cast<size_t>(candidate.preferred_mode);
    } else {
      mode = 0;
      for (size_t m = 1; m < candidate.modes.size(); ++m) {
        const auto& a = candidate.modes[m];
        const auto& b = candidate.modes[mode];
        if (static_cast<long>(a.width) * a.height > static_cast<long>(b.width) * b.height) mode = m;
      }
    }
    return true;
  }
  return false;
}

namespace {

struct DumbBuffer {
  uint32_t handle = 0;
  uint32_t pitch = 0;
  uint64_t size = 0;
  uint32_t framebuffer = 0;
  uint8_t* map = nullptr;
};

std::string errno_text() { return std::strerror(errno); }

}  // namespace

struct KmsOutput::State {
  int fd = -1;
  uint32_t crtc = 0;
  uint32_t connector = 0;
  drmModeModeInfo mode{};
  DumbBuffer buffers[2];
  int front = 0;
  bool flip_pending = false;
  bool flips = true;        // false once the driver refused a page flip: mode sets from then on
  std::string description;  // card, connector and mode: "card0 Virtual-1 1920x1080@75"

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  State(State&&) = delete;
  State& operator=(State&&) = delete;
  ~State() {
    for (DumbBuffer& buffer : buffers) {
      if (buffer.map) munmap(buffer.map, buffer.size);
      if (buffer.framebuffer) drmModeRmFB(fd, buffer.framebuffer);
      if (buffer.handle) {
        drm_mode_destroy_dumb destroy{};
        destroy.handle = buffer.handle;
        drmIoctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy);
      }
    }
    if (fd >= 0) close(fd);
  }

  bool create(DumbBuffer& buffer, std::string& error) const {
    drm_mode_create_dumb create{};
    create.width = mode.hdisplay;
    create.height = mode.vdisplay;
    create.bpp = 32;
    if (drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create) != 0) {
      error = "no dumb buffer (" + errno_text() + ")";
      return false;
    }
    buffer.handle = create.handle;
    buffer.pitch = create.pitch;
    buffer.size = create.size;
    const uint32_t handles[4] = {buffer.handle, 0, 0, 0};
    const uint32_t pitches[4] = {buffer.pitch, 0, 0, 0};
    const uint32_t offsets[4] = {0, 0, 0, 0};
    if (drmModeAddFB2(fd, mode.hdisplay, mode.vdisplay, DRM_FORMAT_XRGB8888, handles, pitches,
                      offsets, &buffer.framebuffer, 0) != 0) {
      error = "framebuffer refused (" + errno_text() + ")";
      return false;
    }
    drm_mode_map_dumb map{};
    map.handle = buffer.handle;
    if (drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map) != 0) {
      error = "dumb buffer not mappable (" + errno_text() + ")";
      return false;
    }
    void* pixels = mmap(nullptr, buffer.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
                        static_cast<off_t>(map.offset));
    if (pixels == MAP_FAILED) {
      error = "dumb buffer mmap failed (" + errno_text() + ")";
      return false;
    }
    buffer.map = static_cast<uint8_t*>(pixels);
    std::memset(buffer.map, 0, buffer.size);
    return true;
  }

  // The CRTC that can drive the connector: its current encoder's, else the first free one its
  // encoders allow.
  uint32_t find_crtc(const drmModeRes& resources, const drmModeConnector& chosen) const {
    if (chosen.encoder_id) {
      if (drmModeEncoder* encoder = drmModeGetEncoder(fd, chosen.encoder_id)) {
        const uint32_t crtc_id = encoder->crtc_id;
        drmModeFreeEncoder(encoder);
        if (crtc_id) return crtc_id;
      }
    }
    for (int e = 0; e < chosen.count_encoders; ++e) {
      drmModeEncoder* encoder = drmModeGetEncoder(fd, chosen.encoders[e]);
      if (!encoder) continue;
      const uint32_t possible = encoder->possible_crtcs;
      drmModeFreeEncoder(encoder);
      for (int c = 0; c < resources.count_crtcs && c < 32; ++c) {
        if ((possible & (1U << static_cast<unsigned>(c))) != 0) return resources.crtcs[c];
      }
    }
    return 0;
  }
};

namespace {

void page_flipped(int /*fd*/, unsigned /*sequence*/, unsigned /*sec*/, unsigned /*usec*/,
                  void* data) {
  *static_cast<bool*>(data) = false;
}

// One card: its connected connector and mode, a CRTC, DRM master, two buffers and a mode set.
Result<std::unique_ptr<KmsOutput::State>, std::string> open_card(const std::string& path) {
  auto state = std::make_unique<KmsOutput::State>();
  state->fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (state->fd < 0) return fail(path + ": " + errno_text());
  drmModeRes* resources = drmModeGetResources(state->fd);
  if (!resources) return fail(path + ": not a display controller (no KMS resources)");
  std::vector<KmsConnector> connectors;
  std::vector<drmModeConnector*> raw;
  for (int i = 0; i < resources->count_connectors; ++i) {
    drmModeConnector* connector = drmModeGetConnector(state->fd, resources->connectors[i]);
    if (!connector) continue;
    raw.push_back(connector);
    KmsConnector info;
    info.id = connector->connector_id;
    info.connected = connector->connection == DRM_MODE_CONNECTED;
    const char* type = drmModeGetConnectorTypeName(connector->connector_type);
    info.name =
        std::string(type ? type : "unknown") + "-" + std::to_string(connector->connector_type_id);
    for (int m = 0; m < connector->count_modes; ++m) {
      const drmModeModeInfo& mode = connector->modes[m];
      if ((mode.type & DRM_MODE_TYPE_PREFERRED) != 0 && info.preferred_mode < 0)
        info.preferred_mode = m;
      info.modes.push_back({mode.hdisplay, mode.vdisplay, static_cast<int>(mode.vrefresh)});
    }
    connectors.push_back(std::move(info));
  }
  size_t chosen = 0, mode = 0;
  std::string error;
  if (!choose_output(connectors, chosen, mode)) {
    error = path + ": no connected display";
  } else {
    state->connector = raw[chosen]->connector_id;
    state->mode = raw[chosen]->modes[mode];
    state->crtc = state->find_crtc(*resources, *raw[chosen]);
    if (!state->crtc) error = path + ": no CRTC can drive " + connectors[chosen].name;
    state->description = path.substr(path.rfind('/') + 1) + " " + connectors[chosen].name + " " +
                         std::to_string(state->mode.hdisplay) + "x" +
                         std::to_string(state->mode.vdisplay) + "@" +
                         std::to_string(state->mode.vrefresh);
  }
  for (drmModeConnector* connector : raw) drmModeFreeConnector(connector);
  drmModeFreeResources(resources);
  if (!error.empty()) return fail(error);
  // The first process to open a card is its master; a second needs the seat's (or root's) leave.
  if (!drmIsMaster(state->fd) && drmSetMaster(state->fd) != 0)
    return fail(path + ": not the display's master (another program drives it: " + errno_text() +
                ")");
  for (DumbBuffer& buffer : state->buffers) {
    if (!state->create(buffer, error)) return fail(error.insert(0, path + ": "));
  }
  if (drmModeSetCrtc(state->fd, state->crtc, state->buffers[0].framebuffer, 0, 0, &state->connector,
                     1, &state->mode) != 0) {
    return fail(path + ": mode " + state->description + " refused (" + errno_text() + ")");
  }
  return state;
}

}  // namespace

Result<std::unique_ptr<KmsOutput>, std::string> KmsOutput::open(const std::string& device) {
  std::vector<std::string> cards;
  if (!device.empty() && device != "auto") {
    cards.push_back(device);
  } else {
    for (int i = 0; i < 8; ++i) cards.push_back("/dev/dri/card" + std::to_string(i));
  }
  std::string errors;
  for (const std::string& card : cards) {
    if (cards.size() > 1 && access(card.c_str(), F_OK) != 0) continue;
    auto opened = open_card(card);
    if (opened.ok()) {
      return std::unique_ptr<KmsOutput>(new KmsOutput(std::move(opened).value()));
    }
    errors += (errors.empty() ? "" : "; ") + opened.error();
  }
  return fail(errors.empty() ? std::string("no DRM card (/dev/dri/card*)") : errors);
}

KmsOutput::KmsOutput(std::unique_ptr<State> state) : state_(std::move(state)) {}
KmsOutput::~KmsOutput() = default;

int KmsOutput::width() const { return state_->mode.hdisplay; }
int KmsOutput::height() const { return state_->mode.vdisplay; }
int KmsOutput::refresh() const { return static_cast<int>(state_->mode.vrefresh); }
std::string KmsOutput::description() const {
  return state_->description + (state_->flips ? ", page flips" : ", mode sets");
}

Result<Done, std::string> KmsOutput::present(const uint8_t* pixels, int pitch) {
  State& s = *state_;
  // The previous flip first: its buffer is the one written next.
  if (s.flip_pending) {
    drmEventContext events{};
    events.version = 2;
    events.page_flip_handler = page_flipped;
    pollfd waiting{s.fd, POLLIN, 0};
    while (s.flip_pending && poll(&waiting, 1, 100) > 0) {
      // NOLINTNEXTLINE(cppcoreguidelines-pro-type-union-access) libdrm's C callback type
      drmHandleEvent(s.fd, &events);
    }
    s.flip_pending = false;  // no event within 100 ms: the flip is done or never will be
  }
  const int back = 1 - s.front;
  DumbBuffer& target = s.buffers[back];
  const size_t row = std::min(static_cast<size_t>(pitch), static_cast<size_t>(target.pitch));
  for (int y = 0; y < s.mode.vdisplay; ++y) {
    std::memcpy(target.map + static_cast<size_t>(y) * target.pitch,
                pixels + static_cast<size_t>(y) * static_cast<size_t>(pitch), row);
  }
  if (s.flips && drmModePageFlip(s.fd, s.crtc, target.framebuffer, DRM_MODE_PAGE_FLIP_EVENT,
                                 &s.flip_pending) == 0) {
    s.flip_pending = true;
  } else {
    s.flips = false;
    if (drmModeSetCrtc(s.fd, s.crtc, target.framebuffer, 0, 0, &s.connector, 1, &s.mode) != 0)
      return fail("the display refused the frame (" + errno_text() + ")");
  }
  s.front = back;
  return Done{};
}

}  // namespace yiwang::drivers
