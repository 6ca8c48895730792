// Labelling media files end to end: video in one pass with FFmpeg libav* (visible label on the
// opening frames, watermark in every frame, the AIGC container tag), images with the same three
// labels, each written atomically and read back.
#ifndef AIGCMARK_VIDEO_H_
#define AIGCMARK_VIDEO_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "aigcmark/image.h"
#include "aigcmark/label.h"
#include "aigcmark/metadata.h"
#include "aigcmark/status.h"
#include "aigcmark/visible.h"
#include "aigcmark/watermark.h"

namespace aigcmark {

/// Progress of a video job, reported after every frame that is at least ~0.25 s after the last
/// report, and once at the end.
struct VideoProgress {
  int64_t frames_done = 0;
  int64_t frames_total = 0;   ///< Estimate from the container; 0 when unknown.
  double seconds_elapsed = 0.0;
  double fps = 0.0;           ///< Frames per second so far.
  double eta_seconds = -1.0;  ///< Estimated seconds left; -1 when unknown.
};

/// How the labelled video stream is encoded. Other streams are always copied.
struct VideoEncodeOptions {
  /// "h264" (libx264), "h265" (libx265), "vp9" (libvpx-vp9) or "av1" (libsvtav1, else
  /// libaom-av1). Empty = "h264", or "vp9" for WebM output (WebM allows only VP8/VP9/AV1).
  std::string codec;
  /// Constant-quality factor; -1 = the encoder's usual default (x264 23, x265 28, VP9 31,
  /// AV1 35). Lower is better quality and larger files.
  int crf = -1;
  /// Speed/quality preset: an x264/x265 name ("ultrafast" ... "veryslow"); for VP9 and AV1 it
  /// is mapped to the nearest speed setting. Empty = "medium".
  std::string preset;
  /// Encoder and decoder threads; 0 = automatic.
  int threads = 0;
};

/// The visible label shown on the opening frames of a video: seconds below which frames get it.
inline constexpr double kDefaultVisibleSeconds = 3.0;
/// GB 45438-2025 asks for a visible label on video for at least 2 s at normal speed.
inline constexpr double kMinVisibleSeconds = 2.0;
/// Pass as `visible_seconds` to label every frame of the clip.
inline constexpr double kVisibleWholeClip = std::numeric_limits<double>::infinity();

/// What `LabelMedia` does. Each of the three labels can be switched off.
struct LabelMediaOptions {
  bool visible = true;    ///< Draw the explicit text label.
  bool watermark = true;  ///< Embed the invisible watermark (payload bound to the label).
  bool metadata = true;   ///< Write the implicit AIGC metadata label.

  /// Label fields, exactly as for `WriteMetadata`: unset fields keep the input's existing label
  /// (or default to empty / "1"). The watermark payload is PayloadFromLabel(resulting label).
  LabelUpdate update;
  /// IPTC digital source type URI, written where the container allows. Defaults to
  /// trainedAlgorithmicMedia (compliant by default for generated media); unset writes none.
  std::optional<std::string> digital_source_type = std::string(kTrainedAlgorithmicMedia);

  /// How the visible label looks (text, position, size, backing); defaults are compliant.
  VisibleAddOptions visible_options;
  /// Video: frames with presentation time (from the first frame) below this many seconds get
  /// the visible label. At least kMinVisibleSeconds; kVisibleWholeClip labels every frame.
  double visible_seconds = kDefaultVisibleSeconds;

  /// Watermark key; detection needs the same key.
  std::string key = kDefaultWatermarkKey;
  /// Watermark strength multiplier; 0 = the tuned default for the medium (images 1.0, video
  /// a little stronger because compression and scaling follow).
  float watermark_strength = 0.0f;

  /// Video encoding of the labelled stream.
  VideoEncodeOptions encode;
  /// Called with progress while a video is processed (from the calling thread).
  std::function<void(const VideoProgress&)> progress;
  /// When set and it becomes true, processing stops with an "interrupted" error and no output
  /// is left behind (e.g. set from a SIGINT handler).
  const std::atomic<bool>* cancel = nullptr;
  /// Pixel-count limit for decoding (images and video frames).
  DecodeLimits decode_limits;
};

/// What `LabelMedia` did, after reading the output back.
struct LabelMediaResult {
  std::string format;       ///< Output container/format name: "mp4", "mkv", "jpeg", ...
  AigcLabel label;          ///< The label bound to the watermark (and written, unless disabled).
  uint64_t payload = 0;     ///< PayloadFromLabel(label).
  bool reencoded = false;   ///< Video: the video stream was re-encoded (false = stream copy).
  int64_t frames = 0;       ///< Video frames written (0 for images).
  int64_t frames_labelled = 0;  ///< Video frames that got the visible label.
  std::string video_codec;  ///< Encoder used, e.g. "libx264" (empty for stream copy/images).
  /// The read-back watermark check on the output (when the watermark was embedded).
  std::optional<WatermarkResult> watermark_check;
  /// Things the caller may want to know (streams that could not be kept, conversions).
  std::vector<std::string> notes;
};

/// Labels the image or video `in` into `out` (a different path; written atomically, so a
/// failure or cancellation leaves nothing at `out`).
///
/// Video (MP4, MOV, Matroska, WebM, AVI in; MP4, MOV, MKV, WebM out, chosen by `out`'s
/// extension): one pass demux → decode → visible label on frames before `visible_seconds` →
/// watermark on every frame's luma → encode → mux with the `AIGC` tag (mdta key in
/// moov/udta/meta for MP4/MOV, a global tag for Matroska/WebM). Audio, subtitles, timestamps,
/// frame rate, rotation, colour properties, chapters and metadata are kept. With
/// `visible` and `watermark` both off nothing is re-encoded (stream copy).
///
/// Images (JPEG, PNG, WebP, TIFF): visible → watermark → encode in the input's format → copy
/// the input's metadata → write the AIGC label → read back. With a visible label or watermark,
/// an image with samples wider than 8 bits is kUnsupported rather than silently reduced (a
/// metadata-only label leaves its pixels as they are).
StatusOr<LabelMediaResult> LabelMedia(const std::string& in, const std::string& out,
                                      const LabelMediaOptions& options);

}  // namespace aigcmark

#endif  // AIGCMARK_VIDEO_H_
