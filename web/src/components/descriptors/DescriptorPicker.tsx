/** Choose descriptors (S3 areas and challenges, EEN keywords, NACE sectors): search by label in
 * either language (a combobox: arrows, Enter, Escape), or browse the hierarchy (checkboxes in a
 * fieldset per level); the chosen ones are chips with a remove button. Only codes the taxonomy
 * knows can be picked. */
import { Alert, Button, Chip, ChipLabel, Icon, Input, Spinner } from "design-react-kit";
import { useCallback, useId, useMemo, useState, type KeyboardEvent, type ReactNode } from "react";
import { problemMessage } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import type { MessageKey } from "../../i18n/messages";
import { nextActive, removeCode, toggleCode } from "./selection";
import {
  childrenOf, labelOf, labelOfCode, pathTo, ROOT_SCHEMES, rootsOf, search, type Descriptor, type RootScheme,
  type Taxonomy,
} from "./taxonomy";
import { loadDescriptors, useDescriptors } from "./useDescriptors";

export interface DescriptorPickerProps {
  id: string;
  label: string;
  value: readonly string[];
  onChange: (codes: string[]) => void;
  /** Only these schemes (e.g. ["s3", "s3c"]); all by default. */
  schemes?: readonly string[];
  hint?: string;
}

const SCHEME_LABELS: Readonly<Record<string, MessageKey>> = {
  "s3": "descriptors.scheme.s3",
  "s3c": "descriptors.scheme.s3c",
  "een-tech": "descriptors.scheme.een-tech",
  "een-market": "descriptors.scheme.een-market",
  "nace": "descriptors.scheme.nace",
};

export function DescriptorPicker(props: DescriptorPickerProps) {
  const { t } = useLanguage();
  const descriptors = useDescriptors();
  if (descriptors.status === "loading") {
    return (
      <div className="d-flex align-items-center gap-2 mb-4" role="status">
        <Spinner active small /> <span>{t("descriptors.loading")}</span>
      </div>
    );
  }
  if (descriptors.status === "failed") {
    return (
      <Alert color="danger" role="alert">
        {problemMessage(descriptors.problem, t)}{" "}
        <Button color="link" className="p-0 align-baseline" onClick={() => { void loadDescriptors(); }}>
          {t("descriptors.retry")}
        </Button>
      </Alert>
    );
  }
  return <LoadedPicker {...props} taxonomy={descriptors.taxonomy} />;
}

function LoadedPicker({ id, label, value, onChange, schemes, hint, taxonomy }:
  DescriptorPickerProps & { taxonomy: Taxonomy }) {
  const { t } = useLanguage();
  const allowed = useMemo(() => (schemes === undefined ? null : new Set(schemes)), [schemes]);
  const pickable = useCallback((d: Descriptor) => allowed === null || allowed.has(d.scheme), [allowed]);

  return (
    <div className="mb-5" role="group" aria-label={label}>
      <SearchBox id={id} label={label} hint={hint} value={value} taxonomy={taxonomy} pickable={pickable}
                 onChange={onChange} />
      <ChosenChips id={id} label={label} value={value} taxonomy={taxonomy}
                   onRemove={(code) => { onChange(removeCode(value, code)); }} />
      <Browser id={id} label={label} value={value} taxonomy={taxonomy} pickable={pickable}
               onToggle={(code) => { onChange(toggleCode(value, code, taxonomy)); }}
               schemesShown={ROOT_SCHEMES.filter((s) => rootsOf(taxonomy, s).some(
                 (d) => pickable(d) || childrenOf(taxonomy, d.code).some(pickable)))} />
      {/* The chosen ones, where screen reader users hear it once, not on every keystroke. */}
      <p className="visually-hidden" role="status">{t("descriptors.chosenCount", { n: value.length })}</p>
    </div>
  );
}

interface SearchBoxProps {
  id: string;
  label: string;
  hint: string | undefined;
  value: readonly string[];
  taxonomy: Taxonomy;
  pickable: (d: Descriptor) => boolean;
  onChange: (codes: string[]) => void;
}

function SearchBox({ id, label, hint, value, taxonomy, pickable, onChange }: SearchBoxProps) {
  const { t, language } = useLanguage();
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = `${id}-options`;
  const results = useMemo(
    () => search(taxonomy, query, language, 40).filter(pickable).slice(0, 8),
    [taxonomy, query, language, pickable],
  );
  const expanded = open && query.trim() !== "";

  const pick = (descriptor: Descriptor) => {
    onChange(toggleCode(value, descriptor.code, taxonomy));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (["ArrowDown", "ArrowUp"].includes(event.key) || (expanded && ["Home", "End"].includes(event.key))) {
      event.preventDefault();
      setOpen(true);
      setActive(nextActive(active, results.length, event.key));
    } else if (event.key === "Enter") {
      const chosen = expanded ? results[active] : undefined;
      if (chosen !== undefined) {
        event.preventDefault(); // choosing, not submitting the form
        pick(chosen);
      } else if (expanded) {
        event.preventDefault();
      }
    } else if (event.key === "Escape" && expanded) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div className="position-relative">
      <Input
        id={id}
        type="text"
        wrapperClassName="mb-3"
        label={label}
        infoText={hint ?? t("descriptors.searchHint")}
        autoComplete="off"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        value={query}
        onChange={(event) => { setQuery(event.target.value); setOpen(true); setActive(-1); }}
        onKeyDown={onKeyDown}
        onBlur={() => { setOpen(false); setActive(-1); }}
      />
      <ul id={listId} role="listbox" aria-label={t("descriptors.results", { label })} aria-multiselectable="true"
          className={`autocomplete-list ps-0 mb-0${expanded && results.length > 0 ? " autocomplete-list-show" : ""}`}>
        {expanded && results.map((descriptor, index) => {
          const chosen = value.includes(descriptor.code);
          const parents = pathTo(taxonomy, descriptor.code).map((d) => labelOf(d, language));
          return (
            // The input keeps focus (aria-activedescendant) and the keys; a pointer picks without blurring it.
            <li key={descriptor.code} id={`${listId}-${index}`} role="option" aria-selected={chosen}
                className={`d-flex align-items-start gap-2 px-4 py-2${index === active ? " bg-primary text-white" : ""}`}
                onMouseDown={(event) => { event.preventDefault(); }}
                onClick={() => { pick(descriptor); }}>
              <Icon icon={chosen ? "it-check" : "it-plus"} size="sm" aria-hidden
                    color={index === active ? "white" : "primary"} className="flex-shrink-0 mt-1" />
              <span>
                <span className="d-block">{labelOf(descriptor, language)}</span>
                <small className={index === active ? "text-white" : "text-secondary"}>
                  {[t(SCHEME_LABELS[descriptor.scheme] ?? "descriptors.scheme.other"), ...parents].join(" › ")}
                </small>
              </span>
            </li>
          );
        })}
      </ul>
      {expanded && results.length === 0 && (
        <p className="text-secondary mb-3">{t("descriptors.noResults")}</p>
      )}
    </div>
  );
}

function ChosenChips({ id, label, value, taxonomy, onRemove }: {
  id: string; label: string; value: readonly string[]; taxonomy: Taxonomy; onRemove: (code: string) => void;
}) {
  const { t, language } = useLanguage();
  if (value.length === 0) return <p className="text-secondary" id={`${id}-chosen`}>{t("descriptors.noneChosen")}</p>;
  return (
    <ul className="list-unstyled d-flex flex-wrap gap-2 mb-3" id={`${id}-chosen`}
        aria-label={t("descriptors.chosen", { label })}>
      {value.map((code) => {
        const text = labelOfCode(taxonomy, code, language);
        return (
          <li key={code}>
            <Chip simple className="mb-0 mw-100 h-auto py-1">
              <ChipLabel className="text-wrap">{text}</ChipLabel>
              <button type="button" aria-label={t("descriptors.remove", { label: text })}
                      onClick={() => { onRemove(code); }}>
                <Icon icon="it-close" aria-hidden />
              </button>
            </Chip>
          </li>
        );
      })}
    </ul>
  );
}

type Level = { kind: "schemes" } | { kind: "scheme"; scheme: RootScheme } | { kind: "node"; code: string };

function Browser({ id, label, value, taxonomy, pickable, onToggle, schemesShown }: {
  id: string; label: string; value: readonly string[]; taxonomy: Taxonomy; pickable: (d: Descriptor) => boolean;
  onToggle: (code: string) => void; schemesShown: readonly RootScheme[];
}) {
  const { t, language } = useLanguage();
  const [open, setOpen] = useState(false);
  const [level, setLevel] = useState<Level>(
    schemesShown.length === 1 && schemesShown[0] !== undefined ? { kind: "scheme", scheme: schemesShown[0] }
      : { kind: "schemes" });
  const panelId = `${id}-browse`;
  const headingId = useId();

  const schemeOfLevel: RootScheme | null = level.kind === "scheme" ? level.scheme
    : level.kind === "node" ? rootScheme(taxonomy, level.code) : null;
  const entries: readonly Descriptor[] = level.kind === "scheme" ? rootsOf(taxonomy, level.scheme)
    : level.kind === "node" ? childrenOf(taxonomy, level.code) : [];
  const current = level.kind === "node" ? taxonomy.byCode.get(level.code) : undefined;
  const trail = level.kind === "node" ? pathTo(taxonomy, level.code) : [];

  return (
    <div>
      <Button color="primary" outline size="xs" type="button" aria-expanded={open} aria-controls={panelId}
              onClick={() => { setOpen(!open); }}>
        {open ? t("descriptors.browseClose") : t("descriptors.browse")}
      </Button>
      {open && (
        <section id={panelId} aria-labelledby={headingId} className="border rounded p-3 mt-3">
          <h3 className="h6" id={headingId}>{t("descriptors.browseTitle", { label })}</h3>
          {schemesShown.length > 1 && level.kind !== "schemes" && (
            <nav aria-label={t("descriptors.trail")}>
              <ol className="list-unstyled d-flex flex-wrap gap-1 small mb-2">
                <li><TrailButton onClick={() => { setLevel({ kind: "schemes" }); }}>
                  {t("descriptors.allCategories")}
                </TrailButton> ›</li>
                {schemeOfLevel !== null && level.kind === "node" && (
                  <li><TrailButton onClick={() => { setLevel({ kind: "scheme", scheme: schemeOfLevel }); }}>
                    {t(SCHEME_LABELS[schemeOfLevel] ?? "descriptors.scheme.other")}
                  </TrailButton> ›</li>
                )}
                {trail.map((d) => (
                  <li key={d.code}><TrailButton onClick={() => { setLevel({ kind: "node", code: d.code }); }}>
                    {labelOf(d, language)}
                  </TrailButton> ›</li>
                ))}
              </ol>
            </nav>
          )}
          {level.kind === "schemes" ? (
            <ul className="list-unstyled mb-0">
              {schemesShown.map((scheme) => (
                <li key={scheme} className="mb-2">
                  <Button color="link" className="p-0 text-start" type="button"
                          onClick={() => { setLevel({ kind: "scheme", scheme }); }}>
                    {t(SCHEME_LABELS[scheme] ?? "descriptors.scheme.other")}{" "}
                    <span className="text-secondary">({rootsOf(taxonomy, scheme).length})</span>
                  </Button>
                </li>
              ))}
            </ul>
          ) : (
            <fieldset>
              <legend className="fs-6 fw-semibold px-0">
                {current !== undefined ? labelOf(current, language)
                  : t(SCHEME_LABELS[schemeOfLevel ?? ""] ?? "descriptors.scheme.other")}
              </legend>
              {current !== undefined && pickable(current) && (
                <BrowseEntry id={id} descriptor={current} checked={value.includes(current.code)}
                             label={t("descriptors.wholeCategory", { label: labelOf(current, language) })}
                             onToggle={onToggle} />
              )}
              {entries.map((d) => {
                const below = childrenOf(taxonomy, d.code).length;
                return (
                  <div key={d.code} className="d-flex flex-wrap align-items-center justify-content-between gap-2">
                    {pickable(d) ? (
                      <BrowseEntry id={id} descriptor={d} checked={value.includes(d.code)}
                                   label={labelOf(d, language)} onToggle={onToggle} />
                    ) : <span>{labelOf(d, language)}</span>}
                    {below > 0 && (
                      <Button color="link" size="xs" className="p-0" type="button"
                              onClick={() => { setLevel({ kind: "node", code: d.code }); }}>
                        {t("descriptors.open")} <span className="visually-hidden">{labelOf(d, language)}</span> ({below})
                      </Button>
                    )}
                  </div>
                );
              })}
            </fieldset>
          )}
        </section>
      )}
    </div>
  );
}

function TrailButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return <Button color="link" size="xs" className="p-0 align-baseline" type="button" onClick={onClick}>{children}</Button>;
}

function BrowseEntry({ id, descriptor, checked, label, onToggle }: {
  id: string; descriptor: Descriptor; checked: boolean; label: string; onToggle: (code: string) => void;
}) {
  const inputId = `${id}-browse-${descriptor.code.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  return (
    <div className="form-check my-1">
      <input id={inputId} type="checkbox" checked={checked} onChange={() => { onToggle(descriptor.code); }} />
      <label htmlFor={inputId}>{label}</label>
    </div>
  );
}

function rootScheme(taxonomy: Taxonomy, code: string): RootScheme | null {
  const top = pathTo(taxonomy, code)[0] ?? taxonomy.byCode.get(code);
  const scheme = top?.scheme;
  return ROOT_SCHEMES.find((s) => s === scheme) ?? null;
}
