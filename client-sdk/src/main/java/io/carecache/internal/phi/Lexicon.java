package io.carecache.internal.phi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The word knowledge behind name and address detection, one map from lower-cased word to flags:
 * <ul>
 *   <li>English vocabulary and proper nouns from WordNet 3.1 (extJWNL's data jar): a word WordNet
 *       knows in lower case is ordinary English; one it knows only capitalised is a proper noun,
 *       of a person (lexicographer file noun.person) or of something else (places, brands, drugs).
 *       Eponymous diseases ("Crohn's disease", "Down syndrome") come from its multi-word lemmas.</li>
 *   <li>Given names and surnames of some 60 locales, street suffixes, US states, countries,
 *       drug and disease names from Datafaker's data files.</li>
 *   <li>Small hand-written lists: function words, titles, relations, medical head nouns, units.</li>
 * </ul>
 * Loaded once; read-only afterwards, so safe to share between threads.
 */
final class Lexicon {
    static final int COMMON = 1;
    static final int STOP = 1 << 1;
    static final int GIVEN = 1 << 2;
    static final int SURNAME = 1 << 3;
    static final int PERSON_PROPER = 1 << 4;
    static final int OTHER_PROPER = 1 << 5;
    static final int MEDICAL = 1 << 6;
    static final int EPONYM = 1 << 7;
    static final int TEMPORAL = 1 << 8;
    static final int STREET = 1 << 9;
    static final int STATE = 1 << 10;
    static final int COUNTRY = 1 << 11;
    static final int TITLE = 1 << 12;
    static final int RELATION = 1 << 13;
    static final int MED_HEAD = 1 << 14;
    static final int PARTICLE = 1 << 15;
    static final int UNIT = 1 << 16;
    static final int MEASURE = 1 << 17;
    static final int MONTH = 1 << 18;
    static final int UNIT_DESIGNATOR = 1 << 19;
    static final int STREET_PREFIX = 1 << 20;
    static final int STATE_ABBR = 1 << 21;
    /** In WordNet in lower case but never seen in its sense-tagged corpus: "anna", "dexter", "hobbit". */
    static final int RARE = 1 << 22;

    static final int NAME = GIVEN | SURNAME;

    private static final String WORDNET = "net/sf/extjwnl/data/wordnet/wn31/";
    private static final String[] NAME_LOCALES = ("ar be bg by ca cs-CZ cs da-DK de-AT de-CH de el-GR en-AU en-IE en-IN "
            + "en-MD en-MS en-NEP en-NG en-NZ en-PAK en-PH en-PK en-SG en-UG en-ZA es-AR es-MX es-PY es et fa fi-FI "
            + "fr-CA fr-CH fr he hr hu hy id-ID id it ja ka ko lv mk nb-NO nl no-NO pl pt-BR pt ro-MD ru-MD ru sk sq "
            + "sv ta th tr uk uz vi zh-CN zh-TW").split(" ");

    private static final Pattern NAME_SPLIT = Pattern.compile("[\\s.]+");
    private static final Pattern DRUG_SPLIT = Pattern.compile("[\\s/]+");
    private static final Pattern PHRASE_SPLIT = Pattern.compile("[\\s/,()]+");

    private final Map<String, Integer> words = new HashMap<>(1 << 19);
    private int nameCount;
    private int vocabularyCount;

    private Lexicon() {
    }

    static Lexicon load() {
        Lexicon lex = new Lexicon();
        lex.loadWordNet();
        lex.loadDatafaker();
        lex.loadHandLists();
        return lex;
    }

    /** Flags of a lower-cased word; inflected forms borrow COMMON from their stem, compounds their parts' name flags. */
    int flags(String w) {
        Integer f = words.get(w);
        int flags = f == null ? 0 : f;
        if ((flags & COMMON) == 0 && w.length() > 3) {
            flags |= inflectedCommon(w);
        }
        if (f == null && w.indexOf('-') > 0) {
            int all = COMMON;
            int any = 0;
            for (String part : w.split("-")) {
                int pf = part.isEmpty() ? 0 : flags(part);
                any |= pf & (NAME | PERSON_PROPER | MEDICAL);
                all &= pf;
            }
            flags |= any | all;
        }
        return flags;
    }

    int nameCount() {
        return nameCount;
    }

    int vocabularyCount() {
        return vocabularyCount;
    }

    private int inflectedCommon(String w) {
        int n = w.length();
        if (w.endsWith("ies") && common(w.substring(0, n - 3) + "y")) {
            return COMMON;
        }
        if (w.endsWith("es") && common(w.substring(0, n - 2))) {
            return COMMON;
        }
        if (w.endsWith("s") && !w.endsWith("ss") && common(w.substring(0, n - 1))) {
            return COMMON;
        }
        if (w.endsWith("ed") && (common(w.substring(0, n - 2)) || common(w.substring(0, n - 1))
                || n > 4 && w.charAt(n - 3) == w.charAt(n - 4) && common(w.substring(0, n - 3)))) {
            return COMMON;
        }
        if (w.endsWith("ing") && n > 5 && (common(w.substring(0, n - 3)) || common(w.substring(0, n - 3) + "e")
                || w.charAt(n - 4) == w.charAt(n - 5) && common(w.substring(0, n - 4)))) {
            return COMMON;
        }
        return 0;
    }

    private boolean common(String stem) {
        Integer f = words.get(stem);
        return f != null && (f & COMMON) != 0;
    }

    private void mark(String word, int flag) {
        if (!word.isEmpty()) {
            words.merge(word, flag, (a, b) -> a | b);
        }
    }

    private void loadWordNet() {
        for (String pos : new String[] {"noun", "verb", "adj", "adv"}) {
            try (BufferedReader r = reader(WORDNET + "data." + pos)) {
                if (r == null) {
                    continue;
                }
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isEmpty() || line.charAt(0) == ' ') {
                        continue; // licence header
                    }
                    wordNetSynset(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (BufferedReader r = reader(WORDNET + "index." + pos)) {
                if (r == null) {
                    continue;
                }
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isEmpty() && line.charAt(0) != ' ') {
                        wordNetIndex(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (BufferedReader r = reader(WORDNET + pos + ".exc")) {
                if (r == null) {
                    continue;
                }
                String line;
                while ((line = r.readLine()) != null) {
                    int sp = line.indexOf(' ');
                    int base = line.indexOf(' ', sp + 1);
                    String lemma = line.substring(sp + 1, base < 0 ? line.length() : base);
                    if (sp > 0 && line.indexOf('_') < 0) {
                        mark(line.substring(0, sp), common(lemma) ? COMMON : RARE);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void wordNetSynset(String line) {
        // offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id]... p_cnt ...
        int a = line.indexOf(' ');
        int b = line.indexOf(' ', a + 1);
        int c = line.indexOf(' ', b + 1);
        int d = line.indexOf(' ', c + 1);
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            return;
        }
        int lexFile = Integer.parseInt(line, a + 1, b, 10);
        int count = Integer.parseInt(line, c + 1, d, 16);
        int p = d + 1;
        for (int k = 0; k < count; k++) {
            int we = line.indexOf(' ', p);
            if (we < 0) {
                return;
            }
            String word = line.substring(p, we);
            int next = line.indexOf(' ', we + 1);
            p = next < 0 ? line.length() : next + 1;
            int paren = word.indexOf('(');
            if (paren > 0) {
                word = word.substring(0, paren); // adjective position marker, e.g. galore(ip)
            }
            if (word.indexOf('_') >= 0) {
                eponym(word, lexFile);
                continue;
            }
            if (!isPlainWord(word)) {
                continue;
            }
            String low = word.toLowerCase(Locale.ROOT);
            if (Character.isUpperCase(word.charAt(0))) {
                mark(low, lexFile == 18 ? PERSON_PROPER : OTHER_PROPER);
            } else {
                mark(low, RARE);
                vocabularyCount++;
            }
        }
    }

    /**
     * An index line: lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offsets. A
     * lower-case lemma with senses tagged in the semantic concordance is ordinary English.
     */
    private void wordNetIndex(String line) {
        String[] f = line.split(" ");
        if (f.length < 6 || f[0].indexOf('_') >= 0) {
            return;
        }
        int pointers = Integer.parseInt(f[3]);
        int tagIndex = 4 + pointers + 1;
        if (tagIndex >= f.length) {
            return;
        }
        Integer flags = words.get(f[0]);
        if (flags != null && (flags & RARE) != 0 && Integer.parseInt(f[tagIndex]) > 0) {
            mark(f[0], COMMON);
        }
    }

    /** "Crohn's_disease", "Down_syndrome", "Bell's_palsy": the capitalised first word is an eponym. */
    private void eponym(String lemma, int lexFile) {
        String[] parts = lemma.split("_");
        if (parts.length != 2 || parts[0].isEmpty() || !Character.isUpperCase(parts[0].charAt(0))) {
            return;
        }
        String head = parts[1].toLowerCase(Locale.ROOT);
        String first = parts[0];
        boolean possessive = first.endsWith("'s");
        if (possessive) {
            first = first.substring(0, first.length() - 2);
        }
        if ((lexFile == 26 || MED_HEADS.contains(" " + head + " ")) && (possessive || MED_HEADS.contains(" " + head + " "))
                && isPlainWord(first)) {
            mark(first.toLowerCase(Locale.ROOT), EPONYM);
        }
    }

    private static boolean isPlainWord(String w) {
        if (w.isEmpty()) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (!Character.isLetter(c) && c != '-' && c != '\'') {
                return false;
            }
        }
        return true;
    }

    private void loadDatafaker() {
        for (String locale : NAME_LOCALES) {
            String text = resourceText(locale + ".yml");
            names(DatafakerLists.of(text, "name"));
            for (String s : DatafakerLists.of(text, "address").getOrDefault("street_suffix", List.of())) {
                addStreetWords(s);
            }
        }
        names(DatafakerLists.of(resourceText("en/name.yml"), "name"));
        Map<String, List<String>> address = DatafakerLists.of(resourceText("en/address.yml"), "address");
        for (String s : address.getOrDefault("street_suffix", List.of())) {
            addStreetWords(s);
        }
        for (String s : address.getOrDefault("state", List.of())) {
            for (String w : s.toLowerCase(Locale.ROOT).split(" ")) {
                if (!STOP_WORDS.contains(" " + w + " ")) {
                    mark(w, STATE);
                }
            }
        }
        for (String s : address.getOrDefault("state_abbr", List.of())) {
            mark(s.toLowerCase(Locale.ROOT), STATE_ABBR);
        }
        for (String s : address.getOrDefault("country", List.of())) {
            for (String w : s.toLowerCase(Locale.ROOT).split("[ ,()]+")) {
                if (w.length() > 2 && !STOP_WORDS.contains(" " + w + " ")) {
                    mark(w, COUNTRY);
                }
            }
        }
        for (String s : DatafakerLists.of(resourceText("en/medication.yml"), "healthcare")
                .getOrDefault("drug_name", List.of())) {
            medicalFirstWord(s);
        }
        Map<String, List<String>> medical = DatafakerLists.of(resourceText("en/medical.yml"), "medical");
        for (String key : new String[] {"medicine_name", "disease_name", "symptoms"}) {
            for (String s : medical.getOrDefault(key, List.of())) {
                medicalPhrase(s);
            }
        }
        for (List<String> list : DatafakerLists.of(resourceText("en/disease.yml"), "healthcare").values()) {
            for (String s : list) {
                medicalPhrase(s);
            }
        }
    }

    private void names(Map<String, List<String>> lists) {
        for (Map.Entry<String, List<String>> e : lists.entrySet()) {
            String key = e.getKey();
            int flag;
            if (key.contains("last") || key.contains("surname")) {
                flag = SURNAME;
            } else if (key.contains("first") || key.contains("given") || key.contains("middle")) {
                flag = GIVEN;
            } else {
                continue; // prefixes, suffixes, titles, templates
            }
            for (String full : e.getValue()) {
                if (full.indexOf('#') >= 0) {
                    continue;
                }
                for (String w : NAME_SPLIT.split(full.toLowerCase(Locale.ROOT))) {
                    if (w.length() > 1 && isPlainWord(w)) {
                        mark(w, flag);
                        nameCount++;
                        if (w.indexOf('-') > 0) {
                            for (String part : w.split("-")) {
                                mark(part, flag);
                            }
                        }
                    }
                }
            }
        }
    }

    private void addStreetWords(String suffix) {
        String w = suffix.toLowerCase(Locale.ROOT).trim();
        if (!w.isEmpty() && w.indexOf(' ') < 0 && w.indexOf('#') < 0) {
            mark(w.endsWith(".") ? w.substring(0, w.length() - 1) : w, STREET);
        }
    }

    private void medicalFirstWord(String s) {
        String[] ws = DRUG_SPLIT.split(s.toLowerCase(Locale.ROOT));
        if (ws.length > 0 && ws[0].length() > 3 && isPlainWord(ws[0])) {
            mark(ws[0], MEDICAL);
        }
    }

    private void medicalPhrase(String s) {
        String[] ws = PHRASE_SPLIT.split(s);
        for (int i = 0; i < ws.length; i++) {
            String w = ws[i];
            String low = w.toLowerCase(Locale.ROOT);
            boolean poss = low.endsWith("'s");
            if (poss) {
                low = low.substring(0, low.length() - 2);
            }
            if (!isPlainWord(low) || low.length() < 3) {
                continue;
            }
            boolean nextIsHead = i + 1 < ws.length && MED_HEADS.contains(" " + ws[i + 1].toLowerCase(Locale.ROOT) + " ");
            if (Character.isUpperCase(w.charAt(0)) && (poss || nextIsHead)) {
                mark(low, EPONYM);
            } else if (!Character.isUpperCase(w.charAt(0))) {
                Integer f = words.get(low);
                if (f == null || (f & COMMON) == 0) {
                    mark(low, MEDICAL);
                }
            }
        }
    }

    private void loadHandLists() {
        markAll(STOP_WORDS, STOP | COMMON);
        markAll(TITLES, TITLE);
        markAll(RELATIONS, RELATION);
        markAll(MED_HEADS, MED_HEAD);
        markAll(PARTICLES, PARTICLE);
        markAll(UNITS, UNIT);
        markAll(MEASURES, MEASURE);
        markAll(MONTHS, MONTH | TEMPORAL);
        markAll(WEEKDAYS, TEMPORAL);
        markAll(UNIT_DESIGNATORS, UNIT_DESIGNATOR);
        markAll(STREET_PREFIXES, STREET_PREFIX);
        markAll(STREET_WORDS, STREET);
        markAll(EPONYMS, EPONYM);
        markAll(DRUG_BRANDS, MEDICAL);
        markAll(HEALTH_ORGANISATIONS, MEDICAL);
    }

    private void markAll(String spaced, int flag) {
        for (String w : spaced.trim().split("\\s+")) {
            mark(w, flag);
        }
    }

    private static String resourceText(String resource) {
        try (InputStream in = Lexicon.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader reader(String resource) {
        InputStream in = Lexicon.class.getClassLoader().getResourceAsStream(resource);
        return in == null ? null : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    // ---- hand-written lists ---------------------------------------------------------------------

    static final String STOP_WORDS = " a an the and or but nor so yet if then than that this these those there here"
            + " i me my mine myself we us our ours you your yours he him his she her hers it its they them their theirs"
            + " who whom whose which what when where why how whoever whatever"
            + " is am are was were be been being do does did done doing have has had having will would shall should"
            + " can could may might must ought need dare let lets"
            + " not no yes ok okay oh hi hello hey dear thanks thank please sorry well also just only even still very"
            + " too quite rather really much many more most less least few lot lots some any all each every both either"
            + " neither none one two three four five six seven eight nine ten other another such same own"
            + " of in on at by for with about against between into through during before after above below to from up"
            + " down out off over under again further once via per upon within without along across around among"
            + " because since until while as like unlike though although whether"
            + " don doesn didn isn aren wasn weren won wouldn couldn shouldn can't cannot ll ve re m d s t"
            + " im ive id youre hes shes its thats whats lets i'm i'd i'll i've you're you'll you've you'd he's she's"
            + " it's that's what's there's here's who's let's we're we'll we've we'd they're they'll they've they'd"
            + " he'd she'd don't doesn't didn't can't won't isn't aren't wasn't weren't haven't hasn't hadn't"
            + " couldn't wouldn't shouldn't ain't y'all c'mon o'clock bot chatbot user"
            + " dob dod doa mrn ssn npi mbi dea vin imei udi iban id ids dl acct tel fax ph re fyi asap"
            + " get got gets getting go goes going went gone take takes took taking make makes made say says said"
            + " tell told ask asked see saw know knew think thought want wanted feel felt keep kept help helps"
            + " new old bad best better worse worst big small right left next last first"
            + " today tomorrow yesterday now ago always never sometimes often usually again already soon ";

    static final String TITLES = " dr doctor mr mrs ms miss mx mister prof professor nurse sir madam madame dame"
            + " rev reverend fr pastor rabbi imam capt captain sgt sergeant lt officer judge sen rep gov mme mlle"
            + " herr frau sr sra srta dra dott ing";

    static final String RELATIONS = " son sons daughter daughters wife husband mother mom mum mommy mama mother-in-law"
            + " father dad daddy papa father-in-law brother sister sibling grandma grandmother grandpa grandfather granny"
            + " grandson granddaughter grandchild grandkid aunt uncle nephew niece cousin partner boyfriend girlfriend"
            + " fiance fiancee fiancé fiancée spouse friend neighbor neighbour kid kids child baby toddler stepson"
            + " stepdaughter stepmother stepfather stepmom stepdad caregiver roommate coworker colleague boss manager"
            + " patient client doctor therapist surgeon cardiologist psychiatrist psychologist pediatrician oncologist"
            + " dentist physician gp nurse midwife pharmacist counselor counsellor dermatologist neurologist"
            + " endocrinologist gynecologist obgyn urologist podiatrist chiropractor physio physiotherapist provider"
            + " teammate classmate teacher coach landlord tenant employer employee guardian";

    static final String MED_HEADS = " disease diseases syndrome syndromes palsy phenomenon sign signs disorder disorders"
            + " test ulcer ulcers lymphoma sarcoma tumor tumour anemia anaemia arthritis dystrophy neuralgia contracture"
            + " cyst cysts node nodes law triad reflex maneuver manoeuvre fracture thyroiditis encephalopathy"
            + " encephalitis ataxia chorea dementia hernia operation procedure score scale criteria classification"
            + " diet virus fever duct ducts gland glands membrane canal cell cells body bodies loop capsule granuloma"
            + " cardiomyopathy angina aneurysm exam stain position technique esophagus oesophagus anomaly deformity"
            + " lesion lesions spots spot nodule nodules neuroma keratosis disease's sclerosis paralysis neuropathy"
            + " myopathy leukemia leukaemia carcinoma melanoma cancer infection bacterium bacteria plan protocol ";

    static final String PARTICLES = " van von der den de del della delle di da das dos du le la les ter ten bin ibn"
            + " al el abu ben bint st mac mc y e zu af av vom";

    static final String UNITS = " mg mcg µg ug g gm gram grams kg kgs kilo kilos lb lbs pound pounds oz ml cc l liter"
            + " liters litre litres iu units unit mmol mol meq mmhg bpm percent pct cm mm km ft feet foot inch inches"
            + " degree degrees times minutes minute mins min hours hour hrs hr seconds secs days day weeks week months"
            + " month steps calories kcal cups cup tablets tablet tabs pills pill doses dose puffs drops capsules"
            + " shots injections beats mph miles mile meters metres mg/dl";

    static final String MEASURES = " sugar sugars glucose pressure bp rate level levels count weight temperature temp"
            + " score a1c hba1c cholesterol ldl hdl tsh inr creatinine saturation sat sats oxygen reading readings"
            + " psa egfr gfr bmi pulse ferritin potassium sodium calcium hemoglobin haemoglobin platelets triglycerides"
            + " vitamin dose dosage number lab labs result results value values iq fev1 heart";

    static final String MONTHS = " january february march april may june july august september october november december"
            + " jan feb mar apr jun jul aug sep sept oct nov dec";

    static final String WEEKDAYS = " monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur"
            + " thurs fri sat sun christmas easter thanksgiving";

    static final String UNIT_DESIGNATORS = " apt apartment suite ste unit flat box bldg building lot psc po";

    static final String STREET_PREFIXES = " via viale rue rua calle avenida avda av avenue boulevard blvd chemin"
            + " ul ulica plaza piazza praça praca largo corso strada travessa carrer camino paseo estrada rodovia"
            + " alameda ulitsa prospekt rambla carretera vicolo contrada sokak sokağı cadde caddesi odos leoforos";

    static final String STREET_WORDS = " street st avenue ave road rd lane ln drive boulevard blvd court ct circle cir"
            + " way place pl terrace ter parkway pkwy highway hwy square sq trail trl crescent cres close grove row"
            + " walk alley plaza loop path pike turnpike expressway freeway str straße strasse gasse weg allee platz"
            + " damm ufer vej gade gatan gata vägen väg veien vei stræde laan straat plein gracht dreef kade katu tie"
            + " kuja polku utca út ulice náměstí rúa torget torg vegur gränd tér körút köz gate veien vegen stien plass"
            + " torv allé vei vej";

    static final String EPONYMS = " hashimoto crohn parkinson alzheimer addison cushing graves raynaud bell tourette"
            + " asperger huntington hodgkin meniere ménière sjogren sjögren kawasaki paget peyronie dupuytren marfan"
            + " ehlers danlos guillain barre barré buerger kaposi tay sachs gehrig munchausen lyme turner klinefelter"
            + " reye behcet behçet whipple wernicke korsakoff creutzfeldt jakob epstein osgood schlatter perthes"
            + " bartholin burkitt ewing fanconi gilbert meckel niemann prader willi rett sheehan lewy lou heberden"
            + " bouchard raynauds achilles eustachian fallopian apgar glasgow wilms kussmaul cheyne stokes adie"
            + " babinski brugada wolff chiari arnold conn cushings addisons parkinsons alzheimers crohns hashimotos";

    /** Insurers, manufacturers, pharmacies and agencies that patients name in questions; none is a person. */
    static final String HEALTH_ORGANISATIONS = " aetna cigna humana kaiser anthem unitedhealthcare unitedhealth optum bcbs"
            + " highmark premera regence molina centene wellcare ambetter tricare pfizer moderna novavax janssen merck"
            + " astrazeneca novartis roche sanofi gsk glaxosmithkline abbvie amgen gilead biogen regeneron medtronic"
            + " dexcom omnipod insulet freestyle cvs walgreens walmart costco kroger webmd goodrx teladoc aarp cdc fda"
            + " nih nhs medlineplus healthline zocdoc mychart epic cerner fitbit garmin libre medigap omnipod tandem"
            + " medtronic minimed eversense fluzone flublok fluad flumist shingrix zostavax gardasil prevnar"
            + " pneumovax arexvy abrysvo comirnaty spikevax novavax tdap";

    static final String DRUG_BRANDS = " tylenol advil motrin aleve excedrin bayer ozempic wegovy mounjaro zepbound"
            + " trulicity rybelsus victoza saxenda jardiance farxiga invokana januvia janumet glucophage actos amaryl"
            + " lantus humalog novolog tresiba basaglar levemir toujeo eliquis xarelto pradaxa coumadin plavix brilinta"
            + " entresto lipitor crestor zocor pravachol zetia repatha praluent norvasc zestril prinivil lisinopril"
            + " cozaar diovan benicar lasix synthroid levoxyl armour humira enbrel remicade stelara dupixent skyrizi"
            + " rinvoq xeljanz otezla cosentyx taltz keytruda opdivo herceptin ocrevus tecfidera botox lexapro zoloft"
            + " prozac paxil celexa cymbalta effexor wellbutrin trintellix buspar xanax klonopin ativan valium ambien"
            + " lunesta abilify seroquel latuda risperdal zyprexa lamictal keppra topamax neurontin lyrica adderall"
            + " vyvanse concerta ritalin strattera flomax cialis viagra premarin prolia fosamax boniva prilosec nexium"
            + " protonix pepcid zantac imitrex nurtec ubrelvy aimovig claritin zyrtec xyzal allegra flonase nasacort"
            + " sudafed mucinex robitussin nyquil dayquil vicks benadryl dramamine imodium miralax dulcolax tums"
            + " rolaids gaviscon paxlovid tamiflu valtrex zithromax augmentin cipro keflex bactrim diflucan plaquenil"
            + " narcan suboxone chantix nicorette aricept namenda leqembi sinemet requip mirapex spiriva symbicort"
            + " advair breo trelegy ventolin proair singulair restasis linzess medrol deltasone epipen auvi-q"
            + " metamucil pepto-bismol monistat vagisil preparation medicare medicaid tricare obamacare cobra"
            + " covid covid-19 coronavirus omicron sars mpox monkeypox rsv hpv hiv aids ebola zika mers h1n1";
}
