import { foldText } from '../../core/text.js';

/**
 * Which language a post is written in, and a word-for-word English reading of it for matching.
 *
 * The content is English. Posts in German or Italian (seen in real traffic), French or Spanish still
 * carry the product names, cmdlets, KB numbers and error codes that identify a problem, so they are
 * matched on those: the language's function words are dropped (they are not evidence against a
 * match) and a small glossary of troubleshooting words is read in English. The bot then says that
 * its answers are in English.
 */
export type Language = 'en' | 'de' | 'it' | 'fr' | 'es';

export interface LanguageGuess {
  readonly language: Language;
  /** Share of the post's words that are function words of that language (0..1). */
  readonly share: number;
}

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter((w) => w !== ''));

/** Frequent function words (folded: no accents), the evidence for a language. */
const FUNCTION_WORDS: Readonly<Record<Language, ReadonlySet<string>>> = {
  en: words(`the and is are was were of to in on for with that this it not can cannot have has be we i you they
    but or if when from by an at as do does did will would should there their our my your which what how`),
  de: words(`der die das den dem des und ist sind war nicht ich wir sie es ein eine einen einem einer mit auf fur
    von zu im in bei wird werden kann konnen hat haben auch noch nur aber oder wenn dass wie was wo man mein
    meine unser unsere kein keine bitte danke hallo ob sich uns jetzt schon immer`),
  it: words(`il lo la gli le di del della dei delle che non e un una uno per con sono ho abbiamo questo questa
    nel nella su da come anche ma se quando mio mia nostro nostra grazie ciao si al alla ai perche cosa dove
    sempre ancora gia`),
  fr: words(`le la les des du un une est sont pas je nous vous ils elle pour avec dans sur que qui ne ce cette
    mais ou si quand mon ma notre merci bonjour au aux leur tres deja`),
  es: words(`el los las del un una es son no yo nosotros para con por que en su sus pero si cuando mi nuestro
    gracias hola al muy ya este esta como donde`),
};

/**
 * Troubleshooting words read in English (folded). General vocabulary only: product names, cmdlets and
 * errors are the same in every language and need no reading.
 */
const GLOSSARY: Readonly<Record<Exclude<Language, 'en'>, Readonly<Record<string, string>>>> = {
  de: {
    besprechung: 'meeting',
    besprechungen: 'meetings',
    besprechungsanfrage: 'meeting request',
    termin: 'meeting',
    kontakt: 'contact',
    kontakte: 'contacts',
    kontaktliste: 'contact list',
    anwesenheit: 'presence',
    anwesenheitsstatus: 'presence',
    prasenz: 'presence',
    fehler: 'error',
    fehlermeldung: 'error message',
    postfach: 'mailbox',
    kalender: 'calendar',
    funktion: 'feature',
    funktionen: 'features',
    fehlt: 'missing',
    fehlen: 'missing',
    angezeigt: 'shown',
    anzeigen: 'show',
    nicht: 'not',
    keine: 'no',
    kein: 'no',
    anmelden: 'sign in',
    anmeldung: 'sign in',
    angemeldet: 'signed in',
    abgemeldet: 'signed out',
    zertifikat: 'certificate',
    verlauf: 'history',
    unterhaltungsverlauf: 'conversation history',
    sprachnachricht: 'voice mail',
    sprachnachrichten: 'voice mail',
    foto: 'photo',
    bild: 'photo',
    adressbuch: 'address book',
    tabelle: 'table',
    unterstutzt: 'supported',
    verbindung: 'connection',
    konto: 'account',
    benutzer: 'user',
    lesen: 'read',
    schreibgeschutzt: 'read only',
    hinzufugen: 'add',
  },
  it: {
    riunione: 'meeting',
    riunioni: 'meetings',
    contatto: 'contact',
    contatti: 'contacts',
    presenza: 'presence',
    stato: 'status',
    errore: 'error',
    casella: 'mailbox',
    posta: 'mail',
    calendario: 'calendar',
    funzione: 'feature',
    funzionalita: 'feature',
    manca: 'missing',
    mancante: 'missing',
    visualizzato: 'shown',
    visualizza: 'show',
    accesso: 'sign in',
    certificato: 'certificate',
    cronologia: 'history',
    conversazioni: 'conversations',
    conversazione: 'conversation',
    segreteria: 'voice mail',
    foto: 'photo',
    rubrica: 'address book',
    tabella: 'table',
    supportato: 'supported',
    connessione: 'connection',
    utente: 'user',
    utenti: 'users',
    aggiungere: 'add',
    funziona: 'works',
  },
  fr: {
    reunion: 'meeting',
    contacts: 'contacts',
    presence: 'presence',
    erreur: 'error',
    boite: 'mailbox',
    calendrier: 'calendar',
    manquant: 'missing',
    certificat: 'certificate',
    historique: 'history',
    utilisateur: 'user',
  },
  es: {
    reunion: 'meeting',
    contactos: 'contacts',
    presencia: 'presence',
    buzon: 'mailbox',
    calendario: 'calendar',
    certificado: 'certificate',
    historial: 'history',
    usuario: 'user',
  },
};

/** Fewest function words of a language, and the least share of all words, before it is believed. */
const MIN_FUNCTION_WORDS = 3;
const MIN_SHARE = 0.12;

function wordsOf(text: string): string[] {
  return foldText(text)
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}

/** The language of a post: English unless another language's function words clearly dominate. */
export function detectLanguage(text: string): LanguageGuess {
  // A long paste is judged by its start: the language shows in the first few hundred words.
  const all = wordsOf(text.slice(0, 4000));
  if (all.length === 0) return { language: 'en', share: 0 };
  // Evidence for a language: its function words, and its troubleshooting words from the glossary
  // (a short post may have only one or two function words).
  const counts = (Object.keys(FUNCTION_WORDS) as Language[]).map((language) => ({
    language,
    count: all.filter(
      (w) => FUNCTION_WORDS[language].has(w) || (language !== 'en' && GLOSSARY[language][w] !== undefined),
    ).length,
  }));
  const english = counts.find((c) => c.language === 'en')?.count ?? 0;
  const best = counts
    .filter((c) => c.language !== 'en')
    .sort((a, b) => b.count - a.count || a.language.localeCompare(b.language))[0];
  if (!best || best.count < MIN_FUNCTION_WORDS || best.count <= english * 1.5 || best.count / all.length < MIN_SHARE)
    return { language: 'en', share: english / all.length };
  return { language: best.language, share: best.count / all.length };
}

/**
 * The post read for matching: in English, unchanged; otherwise the language's function words dropped
 * and the glossary's words read in English. Everything else (product names, cmdlets, codes, URLs)
 * stays as written.
 */
export function readInEnglish(text: string, language: Language): string {
  if (language === 'en') return text;
  const glossary = GLOSSARY[language];
  const stop = FUNCTION_WORDS[language];
  return text.replace(/[\p{L}]+/gu, (word) => {
    const folded = foldText(word);
    const english = glossary[folded];
    if (english !== undefined) return english;
    return stop.has(folded) && !FUNCTION_WORDS.en.has(folded) ? ' ' : word;
  });
}
