"""``communique eval``: precision, recall and F1 against gold files."""

from __future__ import annotations

import json

import click


EPILOG = """\b
Examples:
  communique eval ../shared/eval/dev-news.jsonl
  communique eval ../shared/eval/dev-news.jsonl --by-root --min-confidence 0.5
  communique eval gold.jsonl --predictions ours.jsonl -v
  communique eval gold.jsonl --score other-coder.jsonl --json
"""


@click.command(name="eval", epilog=EPILOG)
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--predictions", "out", type=click.Path(dir_okay=False, writable=True),
              help="Write the coder's predictions here (JSONL, one coded document per line).")
@click.option("--score", "score_file", type=click.Path(exists=True, dir_okay=False),
              help="Score this predictions file (JSONL with doc_id and events) instead of running "
                   "the coder, e.g. another coder's output.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="List each document's misses and false alarms.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Score only the coder's events of at least this confidence (precision against "
                   "recall).")
@click.option("--by-root", is_flag=True, help="Also print root-level recall and precision per CAMEO root.")
@click.option("--calibration", is_flag=True,
              help="Also print precision per confidence band (root level with the dyad), to see"
                   " whether a higher confidence means a likelier right event.")
def command(gold: str, out: str | None, score_file: str | None, as_json: bool, verbose: bool,
            by_root: bool, min_confidence: float, calibration: bool) -> None:
    """Score the coder against GOLD (JSONL; see shared/eval/FORMAT.md) at root, sector and
    code level: micro precision, recall and F1 over distinct dyadic event keys.

    \b
    Examples:
      communique eval ../shared/eval/dev-news.jsonl
      communique eval ../shared/eval/dev-news.jsonl -v --by-root
      communique eval ../shared/eval/dev-news.jsonl --min-confidence 0.5
      communique eval ../shared/eval/dev-news.jsonl --calibration
      communique eval gold.jsonl --predictions out.jsonl
      communique eval gold.jsonl --score other-coder.jsonl --json
    """
    from communique.evaluate import LEVELS, read_gold, score_documents
    from communique.evaluate.score import calibration as calibrate
    from communique.evaluate.score import recall_by_root
    from communique.evaluate.gold import GoldFormatError
    from communique.evaluate.predict import CoderPredictor
    from communique.cli.dictionary import check_user_dictionary

    try:
        docs = read_gold(gold)
        scored = {d.doc_id: d.events for d in read_gold(score_file)} if score_file else None
    except GoldFormatError as exc:
        raise click.ClickException(str(exc)) from exc
    if scored is not None:
        def predict(doc):
            return scored.get(doc.doc_id, [])
    else:
        check_user_dictionary()
        predict = CoderPredictor(out, min_confidence=min_confidence)
    seen: dict[str, list] = {}

    def remember(doc):  # the calibration table bands the very predictions that were scored
        seen[doc.doc_id] = list(predict(doc))
        return seen[doc.doc_id]

    scores, results = score_documents(docs, remember)
    if out and scored is None:
        predict.close()
    roots = recall_by_root(results) if by_root else {}
    bands, unbanded = calibrate(docs, lambda doc: seen[doc.doc_id]) if calibration else ([], 0)
    if as_json:
        extra = {"by_root": {k: v.to_dict() for k, v in roots.items()}} if by_root else {}
        if calibration:
            extra["calibration"] = [b.to_dict() for b in bands]
            extra["calibration_without_confidence"] = unbanded
        click.echo(json.dumps({"gold": gold, "documents": len(docs),
                               **{lvl: scores[lvl].to_dict() for lvl in LEVELS}, **extra}, indent=2))
    else:
        click.echo(f"{gold}: {len(docs)} documents, "
                   f"{sum(len(d.events) for d in docs)} gold events")
        click.echo(f"{'level':<8}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}")
        for lvl in LEVELS:
            s = scores[lvl]
            click.echo(f"{lvl:<8}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
        if by_root:
            click.echo("\nper CAMEO root (root level)")
            click.echo(f"{'root':<8}{'P':>8}{'R':>8}{'TP':>6}{'FP':>6}{'FN':>6}")
            for root, s in roots.items():
                click.echo(f"{root:<8}{s.precision:>8.3f}{s.recall:>8.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
        if calibration:
            click.echo("\ncalibration: precision per confidence band (root level with the dyad)")
            click.echo(f"{'band':<10}{'events':>8}{'right':>8}{'P':>8}")
            for b in bands:
                shown = f"{b.precision:>8.3f}" if b.events else f"{'-':>8}"
                click.echo(f"{b.label:<10}{b.events:>8}{b.correct:>8}{shown}")
            if unbanded:
                click.echo(f"({unbanded} predicted events without a confidence are not in the table)")
    if verbose:
        for r in results:
            for kind, keys in (("missed", r.false_negatives["code"]), ("false", r.false_positives["code"])):
                for k in sorted(keys):
                    click.echo(f"  {r.doc_id}: {kind} {k[0]} -> {k[1]} {k[2]}", err=True)
