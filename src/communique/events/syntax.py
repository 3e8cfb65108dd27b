"""Dependency-tree helpers shared by the extractor: subjects, objects, PPs, conjuncts."""

from __future__ import annotations

from spacy.tokens import Token

RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose"})
_SUBJ = ("nsubj", "csubj")
_PASSIVE_SUBJ = ("nsubjpass", "csubjpass")
# Verbs whose object is the understood subject of their infinitive ("urged Israel to withdraw").
_OBJECT_CONTROL = frozenset({"urge", "ask", "order", "tell", "force", "persuade", "invite",
                             "encourage", "call", "press", "allow", "permit", "pressure",
                             "compel", "instruct", "direct", "authorize", "help", "warn"})


# lemma hash -> its lower-case string: reading ``lemma_`` goes through the string store, and
# the extractor asks for the lemmas of the same tokens many times over
_LOWER_LEMMAS: dict[int, str] = {}


def lemma(tok: Token) -> str:
    key = tok.lemma
    found = _LOWER_LEMMAS.get(key)
    if found is None:
        found = tok.lemma_.lower()
        if len(_LOWER_LEMMAS) < 500_000:
            _LOWER_LEMMAS[key] = found
    return found


def is_passive(verb: Token) -> bool:
    return (any(c.dep_ in _PASSIVE_SUBJ or c.dep_ == "auxpass" for c in verb.children)
            or _absolute(verb) or _found_state(verb) or _headline_passive(verb))


def _auxiliary(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _headline_passive(verb: Token) -> bool:
    # headlines drop the auxiliary: "Dozens of policemen found executed" (a participle as the
    # main verb), "Two journalists shot dead in Veracruz" (shot dead with no one shot)
    if verb.dep_ != "ROOT" or any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children):
        return False
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return False
    return (verb.tag_ == "VBN" or any(c.dep_ == "oprd" and c.lower_ == "dead" for c in verb.children)
            # "Twenty soldiers found beheaded": nobody found is named, a state was
            or (lemma(verb) == "find" and any(c.tag_ == "VBN" and c.dep_ in ("ccomp", "oprd", "xcomp", "advcl")
                                              for c in verb.children)))


def _found_state(verb: Token) -> bool:
    # "ten policemen were found executed": the state they were found in was done to them
    head = verb.head
    return (verb.tag_ == "VBN" and verb.dep_ in ("advcl", "oprd", "xcomp", "ccomp") and head.i != verb.i
            and lemma(head) == "find"
            and (any(c.dep_ == "auxpass" for c in head.children) or _headline_passive(head))
            and not _auxiliary(verb))


def _absolute(verb: Token, depth: int = 0) -> bool:
    # "with five people killed in a bombing": a participle whose "subject" is its patient;
    # also as the object of "with" and as a conjunct of one ("... and two drivers kidnapped")
    if verb.tag_ not in ("VBN", "VBD") or _auxiliary(verb):
        return False
    head = verb.head
    if verb.tag_ == "VBN" and (any(c.dep_ == "mark" and c.lower_ == "with" for c in verb.children)
                               or (verb.dep_ == "pcomp" and head.lower_ == "with")):
        return True
    return verb.dep_ == "conj" and depth < 3 and head.i != verb.i and _absolute(head, depth + 1)


def relative_antecedent(tok: Token) -> Token | None:
    """For 'who'/'which'/'that' as a clause subject, the noun the relative clause modifies."""
    if tok.lower_ not in RELATIVE_PRONOUNS and tok.tag_ not in ("WP", "WDT"):
        return None
    for anc in tok.ancestors:
        if anc.dep_ == "relcl":
            return anc.head
    return None


def _resolve(tok: Token) -> Token:
    return relative_antecedent(tok) or tok


def passive_subject(verb: Token) -> Token | None:
    deps = (*_PASSIVE_SUBJ, "nsubj") if _absolute(verb) or _headline_passive(verb) else _PASSIVE_SUBJ
    for c in verb.children:
        if c.dep_ in deps:
            return _resolve(c)
    if verb.dep_ in ("xcomp", "advcl", "oprd") and verb.head.i != verb.i:
        if _found_state(verb):
            return passive_subject(verb.head)  # "ten policemen were found executed"
        if verb.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in verb.children):
            # "two engineers reported being kidnapped": the raised subject is the patient
            return subject_of(verb.head)
    return None


def agent_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The doer of ``verb``: its subject, or the subject it shares with a governing verb."""
    if depth > 5:
        return None
    for c in verb.children:
        if c.dep_ in _SUBJ:
            return _resolve(c)
    if is_passive(verb):
        return agent_of(verb)
    dep, head = verb.dep_, verb.head
    if head.i == verb.i:
        return None
    if dep == "xcomp":
        if is_passive(head):  # "Modi is expected to visit", "Iran was urged to stop"
            raised = passive_subject(head)
            if raised is not None:
                return raised
        if lemma(head) in _OBJECT_CONTROL:
            obj = first_child(head, ("dobj",))
            if obj is not None:
                return obj
        return subject_of(head, depth + 1)
    if dep == "conj" and is_passive(head) and (verb.tag_ != "VBN" or first_child(verb, ("aux",))):
        # "was indicted by the court and will resign": the conjunct shares the grammatical
        # subject, not the passive's agent
        shared = passive_subject(head)
        if shared is not None:
            return shared
    if dep == "conj" or (dep == "advcl" and verb.tag_ in ("VBG", "VBN")):
        return subject_of(head, depth + 1)
    if dep == "advcl" and verb.tag_ == "VB" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # purpose clause: "police opened fire to disperse the crowd"
        return subject_of(head, depth + 1)
    if dep == "relcl":
        return head
    if dep == "acl" and verb.tag_ == "VBG":
        return head
    if dep == "acl" and verb.tag_ == "VBN":
        return agent_of(verb)
    if dep == "pcomp" and head.dep_ == "prep":
        governor = head.head
        if governor.i == head.i:
            return None
        patient = passive_subject(governor) if is_passive(governor) else None
        if patient is not None:
            # "the president was quoted as thanking Peru", "X was praised for meeting Y":
            # the one the passive is about does the gerund, not its agent
            return patient
        return subject_of(governor, depth + 1)
    return None


def first_child(tok: Token, deps: tuple[str, ...]) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


# Adjectives the tagger takes for verbs before a name: "visits neighboring Canada" is parsed
# visits -> xcomp "neighboring" -> dobj "Canada".
_VERB_LIKE_ADJECTIVES = frozenset({"neighboring", "neighbouring", "bordering"})


def direct_object(verb: Token) -> Token | None:
    obj = first_child(verb, ("dobj",))
    if obj is None:
        for c in verb.children:
            if c.dep_ in ("xcomp", "advcl", "ccomp") and c.lower_ in _VERB_LIKE_ADJECTIVES:
                return first_child(c, ("dobj",))
    return obj


def indirect_object(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "dative" and c.pos_ != "ADP":
            return c
    return None


def pp_objects(tok: Token, prep: str) -> list[Token]:
    """Objects of the prepositions ``prep`` attached to ``tok`` ("with X", "to X")."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ == prep:
            out.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
    return out


def particle_token(tok: Token, particle: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            continue
        if c.lower_ == particle or c.lemma_.lower() == particle:
            return c
    return None


def possessor(tok: Token) -> Token | None:
    return first_child(tok, ("poss",))


def modifiers(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "npadvmod")]


def with_conjuncts(tok: Token) -> list[Token]:
    out = [tok, *[c for c in tok.conjuncts if c.i != tok.i]]
    if len(out) == 1 and tok.head.i != tok.i and any(c.dep_ == "cc" for c in tok.children):
        # "he and rebel leader X agreed": the parser hangs both subjects on the verb and
        # leaves "and" on the first; the sibling of the same role after it is its conjunct
        out += [s for s in tok.head.children if s.dep_ == tok.dep_ and s.i > tok.i]
    return out


def has_negation(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in ("never", "not", "n't"):
            return True
        if c.dep_ == "det" and c.lower_ == "no":
            return True
    return False


def token_at(doc, char: int) -> Token | None:
    """The token covering a character offset of ``doc`` (sentence-relative)."""
    for token in doc:
        if token.idx <= char < token.idx + max(len(token.text), 1):
            return token
    return None
