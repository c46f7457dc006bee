//! Photos with a report: only real JPEG or PNG images, checked by decoding them (never by the
//! file name), and re-encoded so no EXIF data (GPS position, camera, time) is stored.

use crate::cases::service::Photo;
use image::{
    DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits,
    codecs::{jpeg::JpegEncoder, png::PngEncoder},
    metadata::Orientation,
};
use std::io::Cursor;

/// At most this many photos with one report.
pub const MAX_PHOTOS: usize = 3;
/// The largest file accepted, per photo.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
/// Larger images are refused before decoding, so a small file cannot claim gigabytes of memory.
const MAX_SIDE: u32 = 12_000;
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    /// Not a JPEG or PNG image (whatever its name says), or a damaged one.
    NotAnImage,
    TooBig,
}

impl PhotoError {
    /// The message key for the form.
    pub fn message_key(self) -> &'static str {
        match self {
            PhotoError::NotAnImage => "intake-report-error-photo-not-image",
            PhotoError::TooBig => "intake-report-error-photo-too-big",
        }
    }
}

/// Decodes `bytes` as a JPEG or PNG image, turns it upright (the EXIF orientation is dropped
/// with the rest) and encodes it again in the same format.
pub fn clean(bytes: &[u8]) -> Result<Photo, PhotoError> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooBig);
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::NotAnImage)?;
    let content_type = match format {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        _ => return Err(PhotoError::NotAnImage),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    picture.apply_orientation(orientation);
    let mut data = Vec::new();
    let written = match format {
        ImageFormat::Png => picture.write_with_encoder(PngEncoder::new(&mut data)),
        _ => DynamicImage::ImageRgb8(picture.to_rgb8())
            .write_with_encoder(JpegEncoder::new_with_quality(&mut data, 85)),
    };
    written.map_err(decode_error)?;
    Ok(Photo { content_type, data })
}

fn decode_error(error: ImageError) -> PhotoError {
    match error {
        ImageError::Limits(_) => PhotoError::TooBig,
        _ => PhotoError::NotAnImage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::new_rgb8(width, height)
            .write_with_encoder(PngEncoder::new(&mut out))
            .unwrap();
        out
    }

    #[test]
    fn a_png_stays_a_png_of_the_same_size() {
        let photo = clean(&png(20, 10)).unwrap();
        assert_eq!(photo.content_type, "image/png");
        let back = image::load_from_memory(&photo.data).unwrap();
        assert_eq!((back.width(), back.height()), (20, 10));
    }

    #[test]
    fn text_called_jpg_and_a_gif_are_refused() {
        assert_eq!(
            clean(b"dit is geen foto").err(),
            Some(PhotoError::NotAnImage)
        );
        assert_eq!(
            clean(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").err(),
            Some(PhotoError::NotAnImage)
        );
    }

    #[test]
    fn a_truncated_png_is_refused() {
        let whole = png(40, 40);
        assert_eq!(
            clean(&whole[..whole.len() / 2]).err(),
            Some(PhotoError::NotAnImage)
        );
    }

    #[test]
    fn too_many_bytes_or_pixels_are_too_big() {
        let mut big = png(2, 2);
        big.resize(MAX_PHOTO_BYTES + 1, 0);
        assert_eq!(clean(&big).err(), Some(PhotoError::TooBig));
        assert_eq!(clean(&png(MAX_SIDE + 1, 1)).err(), Some(PhotoError::TooBig));
    }
}
