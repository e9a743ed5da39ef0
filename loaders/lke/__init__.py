"""Reading LKE ZI workbooks: detect the layout, read every answer, rescore, report differences.

`score_file` is the entry point; the result types live in `loaders.lke.result`."""

from loaders.lke.align import load_reference
from loaders.lke.answers import parse_answer
from loaders.lke.read import score_file
from loaders.lke.result import STAGES, Answer, Difference, LkeResult

__all__ = ["STAGES", "Answer", "Difference", "LkeResult", "load_reference", "parse_answer", "score_file"]
