/**
 * The first version of the city-editable content, written for this app from the topics of the
 * cooperation model's guide: the four house-rule posters, roles and responsibilities, the
 * grants rule and event cooperation, and the bot's guide texts. A city rewrites them in the store; these are only the starting point.
 */
import type { GuideTexts, GuideTopic, HouseRule, RoleDescription } from './content';

export const SEED_HOUSE_RULES: readonly HouseRule[] = [
  {
    kind: 'evening',
    title: {
      fi: 'Yhdistysillan huoneentaulu',
      en: 'House rules of the association evening',
    },
    intro: {
      fi: 'Yhdistysilta on kaupungin ja yhdistysten avoin tapaaminen. Näillä pelisäännöillä jokainen saa äänensä kuuluviin ja ilta pysyy aikataulussa.',
      en: 'The association evening is an open meeting of the city and the associations. These rules help everyone be heard and keep the evening on time.',
    },
    points: {
      fi: [
        'Ilmoittaudu etukäteen, niin järjestäjät osaavat varata tilat ja linkit.',
        'Ilta alkaa yhteisellä avauksella, jonka jälkeen palvelualueet pitävät omat osuutensa.',
        'Pysy aiheessa ja jätä tilaa muille: lyhyeen ja selkeään kysymykseen ehditään vastata.',
        'Teamsissa pidä mikrofoni kiinni, kun et puhu, ja pyydä puheenvuoroa kädennostolla tai chatissa.',
        'Lähetä sisältötoiveet seuraavaan iltaan etukäteen yhteyshenkilöllesi tai koordinaattorille.',
        'Illan materiaalit ja muistiinpanot jaetaan tiimin kanavalla viikon kuluessa.',
      ],
      en: [
        'Sign up in advance so that the organisers can book the rooms and links.',
        'The evening opens jointly; after that each service area holds its own session.',
        'Keep to the topic and leave room for others: a short, clear question gets an answer.',
        'In Teams, keep your microphone off when you are not speaking and ask for the floor by raising your hand or in the chat.',
        'Send your wishes for the next evening in advance to your contact person or the coordinator.',
        'The materials and notes of the evening are shared in the team channel within a week.',
      ],
    },
  },
  {
    kind: 'contactPerson',
    title: {
      fi: 'Yhdistysyhteyshenkilön huoneentaulu',
      en: "The association contact person's house rules",
    },
    intro: {
      fi: 'Yhdistysyhteyshenkilö on yhdistysten väylä kaupunkiin omalla palvelualueellaan. Näillä periaatteilla yhteys pysyy toimivana.',
      en: "The association contact person is the associations' way in to the city in their own service area. These principles keep the connection working.",
    },
    points: {
      fi: [
        'Pidä yksikkösi yhdistyslista ajan tasalla vähintään kerran vuodessa.',
        'Vastaa yhdistyksen yhteydenottoon viiden arkipäivän kuluessa, vaikka vain kertoaksesi, kuka asiaa hoitaa.',
        'Kerro omille yhdistyksillesi yhdistysilloista ja työryhmistä, myös niille, jotka eivät ole Teamsissa.',
        'Ohjaa kysymys oikealle henkilölle, jos se ei kuulu omalle alueellesi.',
        'Vie yhdistysten palaute ja toiveet koordinaattorille ja iltojen suunnitteluun.',
        'Säilytä yhdistysten yhteystiedoista vain se, mitä työ vaatii.',
      ],
      en: [
        "Keep your unit's list of associations up to date at least once a year.",
        'Answer an association within five working days, even if only to say who is handling the matter.',
        'Tell your own associations about the evenings and working groups, including those who are not in Teams.',
        'Pass a question on to the right person if it is not in your area.',
        "Take the associations' feedback and wishes to the coordinator and to the planning of the evenings.",
        'Keep only the contact details of associations that the work needs.',
      ],
    },
  },
  {
    kind: 'workingGroups',
    title: {
      fi: 'Työryhmien huoneentaulu',
      en: "The working groups' house rules",
    },
    intro: {
      fi: 'Työryhmissä kaupunki ja yhdistykset kehittävät yhdessä tilayhteistyötä, viestintää, tapahtumia ja avustuksia.',
      en: 'In the working groups the city and the associations develop premises, communication, events and grants together.',
    },
    points: {
      fi: [
        'Jokaisella työryhmällä on kaupungin nimeämä yhteyshenkilö ja selkeä tavoite kaudelle.',
        'Kokousaika ja asialista kerrotaan viimeistään viikkoa ennen tapaamista.',
        'Ryhmään voi tulla mukaan kesken kauden; uusi jäsen saa aiempien tapaamisten muistiot.',
        'Sovitut tehtävät kirjataan muistioon vastuuhenkilön ja aikataulun kanssa.',
        'Ryhmä kertoo tuloksistaan yhdistysillassa ja tiimin kanavalla.',
        'Kun tavoite on saavutettu, ryhmä päättää työnsä tai asettaa uuden tavoitteen.',
      ],
      en: [
        'Every working group has a contact person named by the city and a clear goal for the season.',
        'The meeting time and agenda are announced at least a week before the meeting.',
        'Anyone may join during the season; a new member gets the notes of earlier meetings.',
        'Agreed tasks are written down in the notes with the person responsible and a schedule.',
        'The group reports its results at the association evening and in the team channel.',
        'When the goal is reached, the group ends its work or sets a new goal.',
      ],
    },
  },
  {
    kind: 'together',
    title: {
      fi: 'Yhdessä tekemisen ja vuorovaikutuksen huoneentaulu',
      en: 'House rules for doing things together',
    },
    intro: {
      fi: 'Yhteistyö onnistuu, kun kohtaamme toisemme arvostavasti ja puhumme selkeästi.',
      en: 'Cooperation works when we meet each other with respect and speak clearly.',
    },
    points: {
      fi: [
        'Kohtaa jokainen tasavertaisena yhdistyksen koosta tai kielestä riippumatta.',
        'Käytä selkeää kieltä ja selitä lyhenteet ja termit, joita kaikki eivät tunne.',
        'Kerro avoimesti, mitä kaupunki voi luvata ja mitä ei.',
        'Kuuntele ensin ja kommentoi sitten: erilaiset näkemykset vievät asioita eteenpäin.',
        'Kiitä palautteesta ja kerro, mitä sille tapahtui.',
        'Huolehdi, että tieto kulkee myös niille, jotka eivät ole Teamsissa: sähköposti ja kalenterikutsu ovat yhtä tärkeitä.',
      ],
      en: [
        'Meet everyone as an equal, whatever the size or language of their association.',
        'Use plain language and explain abbreviations and terms that not everyone knows.',
        'Say openly what the city can promise and what it cannot.',
        'Listen first, then comment: different views move things forward.',
        'Thank people for feedback and tell them what happened to it.',
        'Make sure information also reaches those who are not in Teams: e-mail and calendar invitations matter just as much.',
      ],
    },
  },
];

export const SEED_ROLES: readonly RoleDescription[] = [
  {
    id: 'coordinator',
    title: { fi: 'Järjestökoordinaattori', en: 'NGO coordinator' },
    summary: {
      fi: 'Vastaa koko kaupungin yhdistysyhteistyöstä ja sen toimintamallista.',
      en: 'Is responsible for the city-wide cooperation with associations and its operating model.',
    },
    duties: {
      fi: [
        'Suunnittelee yhdistysillat ja työryhmien tapaamiset.',
        'Pitää vuosikellon ajan tasalla.',
        'Tukee yhdistysyhteyshenkilöitä ja kokoaa heidät yhteen.',
        'Teettää yhdistyskyselyn ja avainhenkilöiden kyselyn ja raportoi tulokset ohjausryhmälle.',
        'Ylläpitää yhdistysyhteistyön opasta.',
      ],
      en: [
        'Plans the association evenings and the working group meetings.',
        'Keeps the annual calendar up to date.',
        'Supports the association contact persons and brings them together.',
        "Runs the association survey and the key persons' survey and reports the results to the steering group.",
        'Maintains the guide to the cooperation.',
      ],
    },
  },
  {
    id: 'contactPerson',
    title: { fi: 'Yhdistysyhteyshenkilö', en: 'Association contact person' },
    summary: {
      fi: 'Kaupungin työntekijä, joka on yhdistysten väylä omaan palvelualueeseensa tai yksikköönsä.',
      en: "A city employee who is the associations' way in to their own service area or unit.",
    },
    duties: {
      fi: [
        'Pitää yksikkönsä yhdistyslistan ajan tasalla.',
        'Kertoo omille yhdistyksilleen yhdistysilloista ja työryhmistä.',
        'Vastaa yhdistysten kysymyksiin tai ohjaa ne oikeaan paikkaan.',
        'Osallistuu yhdistysiltojen suunnitteluun.',
      ],
      en: [
        "Keeps the unit's list of associations up to date.",
        'Tells their own associations about the evenings and working groups.',
        "Answers the associations' questions or passes them on to the right place.",
        'Takes part in planning the association evenings.',
      ],
    },
  },
  {
    id: 'representative',
    title: { fi: 'Yhdistyksen edustaja', en: 'Association representative' },
    summary: {
      fi: 'Tuo oman yhdistyksensä näkökulman yhteistyöhön.',
      en: "Brings their association's point of view to the cooperation.",
    },
    duties: {
      fi: [
        'Lukee kutsut ja ilmoittautuu yhdistysiltoihin.',
        'Lähettää sisältötoiveita iltoihin ja työpajoihin.',
        'Osallistuu halutessaan työryhmiin.',
        'Vastaa yhdistyskyselyyn.',
        'Kertoo, kun yhdistyksen yhteystiedot muuttuvat.',
      ],
      en: [
        'Reads the invitations and signs up for the association evenings.',
        'Sends wishes for the content of evenings and workshops.',
        'Joins working groups if they wish.',
        'Answers the association survey.',
        "Tells the city when the association's contact details change.",
      ],
    },
  },
  {
    id: 'workingGroup',
    title: { fi: 'Työryhmän jäsen', en: 'Working group member' },
    summary: {
      fi: 'Kehittää yhtä yhteistyön osa-aluetta: tiloja, viestintää, tapahtumia tai avustuksia.',
      en: 'Develops one area of the cooperation: premises, communication, events or grants.',
    },
    duties: {
      fi: [
        'Osallistuu ryhmän tapaamisiin tai kertoo poissaolosta.',
        'Tuo oman yhteisönsä kokemukset keskusteluun.',
        'Hoitaa sovitut tehtävät sovitussa ajassa.',
        'Kertoo ryhmän tuloksista omalle yhteisölleen.',
      ],
      en: [
        'Takes part in the meetings or says when they cannot come.',
        "Brings their own community's experience to the discussion.",
        'Does the agreed tasks on time.',
        "Tells their own community about the group's results.",
      ],
    },
  },
  {
    id: 'steeringGroup',
    title: { fi: 'Ohjausryhmä', en: 'Steering group' },
    summary: {
      fi: 'Kaupungin ja yhdistysten yhteinen ryhmä, joka ohjaa toimintamallin kehittämistä.',
      en: 'A joint group of the city and the associations that steers how the operating model develops.',
    },
    duties: {
      fi: [
        'Seuraa vuosikelloa ja yhteistyön etenemistä.',
        'Käsittelee kyselyjen tulokset ja mittarit.',
        'Päättää seuraavan kauden painopisteet.',
      ],
      en: [
        'Follows the annual calendar and how the cooperation progresses.',
        'Discusses the survey results and the indicators.',
        'Decides the priorities for the next season.',
      ],
    },
  },
];

export const SEED_TOPICS: readonly GuideTopic[] = [
  {
    kind: 'grants',
    title: { fi: 'Avustukset ja avustussääntö', en: 'Grants and the grant rule' },
    intro: {
      fi: 'Kaupunki tukee yhdistysten toimintaa avustuksilla. Avustussääntö kertoo, mihin avustusta voi hakea, miten hakemukset arvioidaan ja miten avustuksen käytöstä raportoidaan.',
      en: "The city supports the associations' work with grants. The grant rule tells what a grant can be applied for, how applications are assessed and how the use of a grant is reported.",
    },
    points: {
      fi: [
        'Hakuajat ovat vuosikellossa: katso ne ajoissa ja kysy yhteyshenkilöltäsi, jos jokin on epäselvää.',
        'Hae avustusta kaupungin sähköisessä asioinnissa ja liitä mukaan toimintasuunnitelma ja talousarvio.',
        'Hakemukset arvioidaan avustussäännön perusteiden mukaan, samoin kaikille yhdistyksille.',
        'Raportoi avustuksen käytöstä määräaikaan mennessä: raportti on edellytys seuraavalle avustukselle.',
        'Avustusyhteistyön työryhmä ja yhdistysilta käsittelevät avustussäännön muutokset yhdessä yhdistysten kanssa.',
      ],
      en: [
        'The application periods are in the annual calendar: check them in time and ask your contact person if anything is unclear.',
        "Apply for a grant in the city's online services and attach your plan of activities and budget.",
        'Applications are assessed on the grounds of the grant rule, alike for every association.',
        'Report on the use of a grant by the deadline: the report is a condition for the next grant.',
        'The grants working group and the association evening discuss changes to the grant rule together with the associations.',
      ],
    },
  },
  {
    kind: 'eventCooperation',
    title: { fi: 'Tapahtumayhteistyö', en: 'Event cooperation' },
    intro: {
      fi: 'Kaupunki ja yhdistykset järjestävät tapahtumia yhdessä ja kertovat niistä toisilleen. Näin tapahtumat löytävät yleisönsä eivätkä osu päällekkäin.',
      en: 'The city and the associations organise events together and tell each other about them, so that events find their audience and do not overlap.',
    },
    points: {
      fi: [
        'Kerro tapahtumastasi ajoissa päijäthämäläiset.fi-palvelussa ja yhteyshenkilöllesi.',
        'Kysy kaupungin tiloista ja välineistä TIMMI-varausjärjestelmästä tai palvelutorilta.',
        'Sovi yhteistapahtumissa työnjako, vastuuhenkilöt ja viestintä kirjallisesti.',
        'Tapahtumainfo yhdistysillassa kertoo kevään ja syksyn tapahtumista ja luvista.',
        'Jaa palaute ja kokemukset tapahtuman jälkeen, niin seuraava sujuu paremmin.',
      ],
      en: [
        'Tell about your event in time on päijäthämäläiset.fi and to your contact person.',
        "Ask about the city's premises and equipment in the TIMMI booking system or at the service point.",
        'In joint events, agree on the division of work, the people responsible and the communication in writing.',
        "The association evening's event info tells about the spring's and autumn's events and permits.",
        'Share feedback and experiences after the event, so that the next one goes better.',
      ],
    },
  },
];

export const SEED_GUIDE: GuideTexts = {
  welcomeTeam: {
    fi: 'Hei! Olen yhdistysyhteistyön botti. Tuon tähän tiimiin yhdistysiltojen kutsut, työryhmien muistutukset ja vuosikellon, ja vastaan kysymyksiin yhteistyön käytännöistä.',
    en: 'Hello! I am the association cooperation bot. I bring association evening invitations, working group reminders and the annual calendar to this team, and I answer questions about how the cooperation works.',
  },
  welcomePersonal: {
    fi: 'Hei! Täällä voit kysyä minulta yhdistysyhteistyöstä omassa rauhassasi. Kirjoita komento, esimerkiksi vuosikello tai yhteyshenkilöt.',
    en: 'Hello! Here you can ask me about the association cooperation in private. Type a command, for example calendar or contacts.',
  },
  helpIntro: {
    fi: 'Kirjoita jokin näistä komennoista. Kanavalla ja ryhmächatissa mainitse minut ensin (@-maininta).',
    en: 'Type one of these commands. In a channel or group chat, mention me first (@mention).',
  },
  contactsIntro: {
    fi: 'Ota yhteyttä oman palvelualueesi yhteyshenkilöön. Jos et tiedä, kenelle kuulut, järjestökoordinaattori neuvoo.',
    en: 'Contact the person for your service area. If you are not sure whom to ask, the NGO coordinator will help.',
  },
};
