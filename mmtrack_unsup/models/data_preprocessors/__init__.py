from .image_clip_data_preprocessor import ImageClipDataPreprocessor

__all__ = ['ImageClipDataPreprocessor']
